import Domain
import Vapor

/// `/api/projects/{slug}/…environment…`: create, clone, read, rename and delete environments.
struct EnvironmentsController {
    let projects: ProjectService
    let environments: EnvironmentService
    let deployments: Deployments

    func create(_ request: Request) async throws -> Response {
        let project = try await project(request)
        var reader = try request.bodyReader()
        let environment = try await environments.create(
            in: project, name: try EnvironmentNameRequest(reading: &reader).name)
        return JSONResponse.make(EnvironmentDTO(environment, variables: []), status: .created)
    }

    func clone(_ request: Request) async throws -> Response {
        let project = try await project(request)
        let sourceName = request.parameter("env_slug").lowercased()
        let source = try await environments.find(
            sourceName, in: project,
            notFoundDetail: "A env with the slug `\(sourceName)` does not exist in this project")
        var reader = try request.bodyReader()
        let (environment, variables) = try await clone(
            source, in: project, try CloneEnvironmentRequest(reading: &reader))
        return JSONResponse.make(EnvironmentDTO(environment, variables: variables), status: .created)
    }

    /// The copy, and its services deployed when the request asks for it.
    func clone(_ source: Domain.Environment, in project: Project, _ request: CloneEnvironmentRequest) async throws
        -> (Domain.Environment, [SharedVariable])
    {
        let (environment, variables, copies) = try await environments.clone(source, in: project, request)
        if request.deployAfterClone {
            for service in copies {
                _ = try await deployments.deploy(
                    service, in: environment, DeployRequest(commitMessage: "Clone deployment"), trigger: .manual)
            }
        }
        return (environment, variables)
    }

    func details(_ request: Request) async throws -> Response {
        let environment = try await environment(request)
        return JSONResponse.make(
            EnvironmentDTO(environment, variables: try await environments.variables(of: environment)))
    }

    func rename(_ request: Request) async throws -> Response {
        let project = try await project(request)
        let environment = try await environments.find(request.parameter("env_slug"), in: project)
        try environments.checkRenamable(environment)
        var reader = try request.bodyReader()
        let renamed = try await environments.rename(
            environment, in: project, to: try EnvironmentNameRequest(reading: &reader).name)
        return JSONResponse.make(EnvironmentDTO(renamed, variables: try await environments.variables(of: renamed)))
    }

    func delete(_ request: Request) async throws -> Response {
        let project = try await project(request)
        let environment = try await environments.find(request.parameter("env_slug"), in: project)
        try await environments.delete(environment, in: project)
        return JSONResponse.empty(.noContent)
    }

    func project(_ request: Request) async throws -> Project {
        try await projects.find(slug: request.parameter("slug"), workspaceID: try request.workspaceID())
    }

    func environment(_ request: Request) async throws -> Domain.Environment {
        try await projectAndEnvironment(request).1
    }

    func projectAndEnvironment(_ request: Request) async throws -> (Project, Domain.Environment) {
        let project = try await project(request)
        return (project, try await environments.find(request.parameter("env_slug"), in: project))
    }
}
