import Domain
import Vapor

/// `/api/projects/{slug}/{env_slug}/…service…`: create, read, update, request and cancel changes,
/// regenerate the token, archive, list.
struct ServicesController {
    let environments: EnvironmentsController
    let services: ServiceCatalog
    let changes: ServiceChanges
    let server: ServerResources
    let cache: ResponseCache

    func createDocker(_ request: Request) async throws -> Response {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        var reader = try request.bodyReader()
        let details = try await services.createDockerService(
            in: environment, of: project, try CreateDockerServiceRequest(reading: &reader))
        return JSONResponse.make(ServiceDTO(details), status: .created)
    }

    func createGit(_ request: Request) async throws -> Response {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        var reader = try request.bodyReader()
        let details = try await services.createGitService(
            in: environment, of: project, try CreateGitServiceRequest(reading: &reader))
        return JSONResponse.make(ServiceDTO(details), status: .created)
    }

    func details(_ request: Request) async throws -> Response {
        let key = try cacheKey("details", request, request.parameter("service_slug"))
        return try await JSONResponse.cached(key, in: cache, lookup: { try await find(request) }) { found in
            JSONResponse.body(ServiceDTO(try await services.details(of: found.0, in: found.1)))
        }
    }

    func update(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        var reader = try request.bodyReader()
        return JSONResponse.make(
            ServiceDTO(try await services.update(service, in: environment, try UpdateServiceRequest(reading: &reader))))
    }

    func regenerateDeployToken(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        return JSONResponse.make(ServiceDTO(try await services.regenerateDeployToken(of: service, in: environment)))
    }

    func requestChange(_ request: Request) async throws -> Response {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let service = try await services.find(request.parameter("service_slug"), in: environment, of: project)
        var reader = try request.bodyReader()
        let change = try ServiceChangeRequest(
            reading: &reader, schema: changes.schema(project: project, service: service, server: server))
        try await changes.request(change, for: service)
        return try await detailsResponse(service, in: environment)
    }

    func requestEnvChanges(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        var reader = try request.bodyReader()
        try await changes.importEnvFile(try EnvFileRequest(reading: &reader), for: service)
        return try await detailsResponse(service, in: environment)
    }

    func cancelChange(_ request: Request) async throws -> Response {
        let (service, _) = try await find(request)
        try await changes.cancel(changeID: request.parameter("change_id"), of: service)
        return JSONResponse.empty(.noContent)
    }

    /// The service with its configuration and pending changes as they are now.
    func detailsResponse(_ service: Service, in environment: Domain.Environment) async throws -> Response {
        JSONResponse.make(ServiceDTO(try await services.details(of: service, in: environment)))
    }

    func archiveDocker(_ request: Request) async throws -> Response {
        try await archive(request, kind: .dockerRegistry)
    }

    func archiveGit(_ request: Request) async throws -> Response { try await archive(request, kind: .gitRepository) }

    /// `archive-service/docker` archives docker services only, and `archive-service/git` git services only.
    func archive(_ request: Request, kind: Service.Kind) async throws -> Response {
        let (service, _) = try await find(request, kind: kind)
        try await services.archive(service)
        return JSONResponse.empty(.noContent)
    }

    /// Docker volumes of the environment's other services that this one could mount.
    func availableVolumes(_ request: Request) async throws -> Response {
        let (service, _) = try await find(request)
        return JSONResponse.make(try await services.availableVolumes(for: service).map(VolumeReferenceDTO.init))
    }

    func list(_ request: Request) async throws -> Response {
        let query = request.query[String.self, at: "query"]
        let key = try cacheKey("list", request, query ?? "")
        return try await JSONResponse.cached(
            key, in: cache, lookup: { try await environments.projectAndEnvironment(request).1 }
        ) { environment in
            JSONResponse.body(try await services.list(in: environment, slugContaining: query).map(ServiceCardDTO.init))
        }
    }

    /// What a cached read depends on: the workspace, the path's project and environment, and `detail`.
    func cacheKey(_ kind: String, _ request: Request, _ detail: String) throws -> String {
        [kind, try request.workspaceID(), request.parameter("slug"), request.parameter("env_slug"), detail].joined(
            separator: "\u{0}")
    }

    /// The path's service, of `kind` when given (the `…/docker/…` and `…/git/…` routes find their own kind only).
    func find(_ request: Request, kind: Service.Kind? = nil) async throws -> (Service, Domain.Environment) {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        let slug = request.parameter("service_slug")
        let service = try await services.find(slug, in: environment, of: project, kind: kind)
        try request.checkTokenReaches(
            projectID: project.id, serviceID: service.id, path: "\(project.slug)/\(environment.name)/\(slug)")
        return (service, environment)
    }
}
