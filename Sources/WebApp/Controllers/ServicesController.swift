import Domain
import Vapor

/// `/api/projects/{slug}/{env_slug}/…service…`: create, read, update, regenerate the token, archive, list.
struct ServicesController {
    let environments: EnvironmentsController
    let services: ServiceCatalog

    func createDocker(_ request: Request) async throws -> Response {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        var reader = try request.bodyReader()
        let details = try await services.createDockerService(in: environment, of: project, try CreateDockerServiceRequest(reading: &reader))
        return JSONResponse.make(ServiceDTO(details), status: .created)
    }

    func details(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        return JSONResponse.make(ServiceDTO(try await services.details(of: service, in: environment)))
    }

    func update(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        var reader = try request.bodyReader()
        return JSONResponse.make(ServiceDTO(try await services.update(service, in: environment, try UpdateServiceRequest(reading: &reader))))
    }

    func regenerateDeployToken(_ request: Request) async throws -> Response {
        let (service, environment) = try await find(request)
        return JSONResponse.make(ServiceDTO(try await services.regenerateDeployToken(of: service, in: environment)))
    }

    func cancelChange(_ request: Request) async throws -> Response {
        let (service, _) = try await find(request)
        try await services.cancelChange(id: request.parameter("change_id"), of: service)
        return JSONResponse.empty(.noContent)
    }

    func archive(_ request: Request) async throws -> Response {
        let (service, _) = try await find(request)
        try await services.archive(service)
        return JSONResponse.empty(.noContent)
    }

    /// Docker volumes of the environment's other services that this one could mount; volumes arrive
    /// with the deployments that apply them, so none exist yet.
    func availableVolumes(_ request: Request) async throws -> Response {
        _ = try await find(request)
        return JSONResponse.make([String]())
    }

    func list(_ request: Request) async throws -> Response {
        let (_, environment) = try await environments.projectAndEnvironment(request)
        let list = try await services.list(in: environment, slugContaining: request.query[String.self, at: "query"])
        return JSONResponse.make(list.map(ServiceCardDTO.init))
    }

    func find(_ request: Request) async throws -> (Service, Domain.Environment) {
        let (project, environment) = try await environments.projectAndEnvironment(request)
        return (try await services.find(request.parameter("service_slug"), in: environment, of: project), environment)
    }
}
