import Domain
import Foundation
import Vapor

/// HTTP logs of service URLs (`api.md` §11): a list with filters and cursors, one log, and values for
/// autocompletion. Only logs of services in the caller's workspace are shown.
struct HTTPLogsController {
    let logs: any HTTPLogRepository

    func list(_ request: Request) async throws -> Response {
        let items = Self.queryItems(request)
        var query = try HTTPLogQuery(items: items)
        let perPage = HTTPLogQuery.perPage(items.last { $0.name == "per_page" }?.value)
        if let text = items.last(where: { $0.name == "cursor" })?.value {
            guard let cursor = HTTPLogQuery.Cursor(text: text) else {
                return JSONResponse.make(HTTPLogPageDTO(page: .empty, link: { _ in "" }))
            }
            query.cursor = cursor
        }
        guard
            try await logs.isVisible(
                serviceID: query.serviceID, deploymentID: query.deploymentID, workspaceID: try request.workspaceID())
        else { return JSONResponse.make(HTTPLogPageDTO(page: .empty, link: { _ in "" })) }
        let page = try await HTTPLogPage.read(logs, query, perPage: perPage)
        return JSONResponse.make(
            HTTPLogPageDTO(page: page) { cursor in request.linkToSelf(setting: "cursor", to: cursor.text) })
    }

    func details(_ request: Request) async throws -> Response {
        let uuid = request.parameter("request_uuid")
        guard let log = try await logs.log(requestUUID: uuid),
            try await logs.isVisible(
                serviceID: log.serviceID, deploymentID: nil, workspaceID: try request.workspaceID())
        else { throw DomainError.notFound("Not found.") }
        return JSONResponse.make(HTTPLogDTO(log))
    }

    func fields(_ request: Request) async throws -> Response {
        let items = Self.queryItems(request)
        func value(_ name: String) -> String? { items.last { $0.name == name }?.value }
        var errors: [FieldError] = []
        let field = value("field").flatMap(HTTPLogQuery.TextField.init)
        if value("field") == nil {
            errors.append(FieldError(code: "required", detail: "This field is required.", attr: "field"))
        } else if field == nil {
            errors.append(
                FieldError(
                    code: "invalid_choice",
                    detail: "Select a valid choice. \(value("field") ?? "") is not one of the available choices.",
                    attr: "field"))
        }
        if value("value") == nil {
            errors.append(FieldError(code: "required", detail: "This field is required.", attr: "value"))
        }
        let serviceID = value("service_id").flatMap { $0.isEmpty ? nil : $0 }
        let deploymentID = value("deployment_hash").flatMap { $0.isEmpty ? nil : $0 }
        if serviceID == nil, deploymentID == nil, value("stack_id")?.isEmpty ?? true {
            errors.append(
                FieldError(
                    code: "invalid", detail: "One of `service_id` | `deployment_hash` | `stack_id` is required",
                    attr: "non_field_errors"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        guard let field,
            try await logs.isVisible(
                serviceID: serviceID, deploymentID: deploymentID, workspaceID: try request.workspaceID())
        else { return JSONResponse.make([String]()) }
        let prefix = String((value("value") ?? "").prefix(255))
        return JSONResponse.make(
            try await logs.values(of: field, prefix: prefix, serviceID: serviceID, deploymentID: deploymentID, limit: 7)
        )
    }

    /// Every query parameter in order, repeated ones included.
    static func queryItems(_ request: Request) -> [(name: String, value: String)] {
        (URLComponents(string: request.url.string)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }
}
