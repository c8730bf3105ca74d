import Domain
import Vapor

/// `/api/projects/{slug}/{env_slug}/variables/…`: an environment's shared variables.
struct SharedVariablesController {
    let environments: EnvironmentsController
    let variables: SharedVariableService

    func list(_ request: Request) async throws -> Response {
        let environment = try await environments.environment(request)
        return JSONResponse.make(try await variables.list(environment).map(SharedVariableDTO.init))
    }

    func create(_ request: Request) async throws -> Response {
        let environment = try await environments.environment(request)
        var reader = try request.bodyReader()
        let variable = try await variables.create(
            in: environment, try SharedVariableRequest(reading: &reader, keyRequired: true))
        return JSONResponse.make(SharedVariableDTO(variable), status: .created)
    }

    func details(_ request: Request) async throws -> Response {
        let environment = try await environments.environment(request)
        return JSONResponse.make(
            SharedVariableDTO(try await variables.find(id: request.parameter("id"), in: environment)))
    }

    /// `PUT` needs `key`; `PATCH` takes any subset.
    func update(_ request: Request) async throws -> Response {
        let environment = try await environments.environment(request)
        let id = request.parameter("id")
        _ = try await variables.find(id: id, in: environment)
        var reader = try request.bodyReader()
        let body = try SharedVariableRequest(reading: &reader, keyRequired: request.method == .PUT)
        return JSONResponse.make(SharedVariableDTO(try await variables.update(id: id, in: environment, body)))
    }

    func delete(_ request: Request) async throws -> Response {
        let environment = try await environments.environment(request)
        try await variables.delete(id: request.parameter("id"), in: environment)
        return JSONResponse.empty(.noContent)
    }
}
