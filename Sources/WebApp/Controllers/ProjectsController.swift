import Domain
import Vapor

/// `/api/projects…`: list, create, read, update and archive projects.
struct ProjectsController {
    let projects: ProjectService

    func list(_ request: Request) async throws -> Response {
        let query = try ListProjectsQuery(
            slug: request.query[String.self, at: "slug"], sortBy: request.query[String.self, at: "sort_by"])
        let summaries = try await projects.list(workspaceID: try request.workspaceID(), query)
        return JSONResponse.make(summaries.map(ProjectDTO.init))
    }

    func create(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        let summary = try await projects.create(
            workspaceID: try request.workspaceID(), try CreateProjectRequest(reading: &reader))
        return JSONResponse.make(ProjectDTO(summary), status: .created)
    }

    func details(_ request: Request) async throws -> Response {
        let summary = try await projects.summary(
            slug: request.parameter("slug"), workspaceID: try request.workspaceID())
        return JSONResponse.make(ProjectDTO(summary))
    }

    func update(_ request: Request) async throws -> Response {
        let project = try await projects.find(slug: request.parameter("slug"), workspaceID: try request.workspaceID())
        var reader = try request.bodyReader()
        let summary = try await projects.update(project, try UpdateProjectRequest(reading: &reader))
        return JSONResponse.make(ProjectDTO(summary))
    }

    func archive(_ request: Request) async throws -> Response {
        try await projects.archive(slug: request.parameter("slug"), workspaceID: try request.workspaceID())
        return JSONResponse.empty(.noContent)
    }
}
