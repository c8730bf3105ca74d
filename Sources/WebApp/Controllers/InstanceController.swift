import Domain
import Vapor

/// Instance-wide reads for the dashboard: settings, server limits, search, recent deployments.
struct InstanceController {
    let config: AppConfig
    let server: ServerResources
    let search: any SearchRepository
    let recent: any RecentDeploymentsRepository

    func settings(_ request: Request) -> Response {
        JSONResponse.make(
            JSONObject([
                "root_domain": config.rootDomain, "app_domain": config.appDomain, "image_version": ZaneVersion.current,
                "commit_sha": JSONNull(),
            ]))
    }

    func resourceLimits(_ request: Request) -> Response {
        JSONResponse.make(
            JSONObject([
                "no_of_cpus": server.cpus, "max_memory_in_bytes": Int(clamping: server.memoryBytes),
            ]))
    }

    func searchResources(_ request: Request) async throws -> Response {
        let query = (request.query[String.self, at: "query"] ?? "").trimmingCharacters(in: .whitespaces)
        guard query.utf8.count <= 255, !query.utf8.contains(0) else {
            throw DomainError.invalid("query", "Ensure this field has no more than 255 characters.")
        }
        let results = try await search.search(prefix: query, workspaceID: try request.workspaceID(), limit: 5)
        return JSONResponse.make(SearchResultsDTO(results: results))
    }

    /// At most six deployments of the workspace, one per service, the most pressing first (§9.3).
    func recentDeployments(_ request: Request) async throws -> Response {
        let picked = RecentDeployment.pick(try await recent.candidates(workspaceID: try request.workspaceID()))
        return JSONResponse.make(picked.map(RecentDeploymentDTO.init))
    }
}

/// Zane's version, as `zane version` and `/api/settings` report it.
public enum ZaneVersion {
    public static let current = "0.1.0"
}
