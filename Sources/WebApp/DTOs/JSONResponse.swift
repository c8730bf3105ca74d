import Foundation
import Vapor

/// Builds JSON responses with a shared encoder; `nil` optionals are written as `null`, never omitted,
/// because every DTO encodes its optionals explicitly.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) throws -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
    }

    /// An empty-bodied response (204, 202, 302).
    static func empty(_ status: HTTPResponseStatus, headers: HTTPHeaders = [:]) -> Response {
        Response(status: status, headers: headers)
    }
}
