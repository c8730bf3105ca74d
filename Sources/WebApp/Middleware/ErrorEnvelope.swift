import Domain
import Vapor

/// The API's error body: `{"type", "errors": [{"code", "detail", "attr"}]}`.
struct ErrorEnvelope: JSONWritable {
    var type: String
    var errors: [FieldError]

    init(status: HTTPResponseStatus, errors: [FieldError], isValidation: Bool) {
        type = isValidation ? "validation_error" : status.code >= 500 ? "server_error" : "client_error"
        self.errors = errors
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("type", type)
            object.field("errors", errors.map(EntryDTO.init))
        }
    }

    struct EntryDTO: JSONWritable {
        let error: FieldError

        func write(to writer: inout JSONWriter) {
            writer.object { object in
                object.field("code", error.code)
                object.field("detail", error.detail)
                object.field("attr", error.attr)
            }
        }
    }

    /// Status, extra headers and entries for any error a request can raise.
    static func describe(_ error: any Error) -> (HTTPResponseStatus, HTTPHeaders, [FieldError]) {
        switch error {
        case let error as DomainError: return describe(error)
        case let error as APIError: return describe(error)
        case let abort as any AbortError: return describe(abort)
        case is DecodingError:
            return (
                .badRequest, [:], [.init(code: "parse_error", detail: "JSON parse error - invalid body.", attr: nil)]
            )
        default:
            return (.internalServerError, [:], [.init(code: "error", detail: "A server error occurred.", attr: nil)])
        }
    }

    static func describe(_ error: DomainError) -> (HTTPResponseStatus, HTTPHeaders, [FieldError]) {
        switch error {
        case .validation(let errors): (.badRequest, [:], errors)
        case .notFound(let detail): (.notFound, [:], [.init(code: "not_found", detail: detail, attr: nil)])
        case .conflict(let detail): (.conflict, [:], [.init(code: "resource_conflict", detail: detail, attr: nil)])
        case .permissionDenied(let detail):
            (.forbidden, [:], [.init(code: "permission_denied", detail: detail, attr: nil)])
        case .authenticationFailed:
            (
                .unauthorized, [:],
                [.init(code: "authentication_failed", detail: "Invalid username or password", attr: nil)]
            )
        case .notAuthenticated:
            (
                .unauthorized, [:],
                [
                    .init(
                        code: "not_authenticated",
                        detail: "Authentication required. Please log in to access this resource.", attr: nil)
                ]
            )
        case .badRequest(let detail): (.badRequest, [:], [.init(code: "bad_request", detail: detail, attr: nil)])
        case .throttled(let seconds):
            (
                .tooManyRequests, ["Retry-After": "\(seconds)"],
                [
                    .init(
                        code: "throttled",
                        detail:
                            "You made too many requests in a short amount of time, Please wait for \(seconds) seconds before retrying your action.",
                        attr: nil)
                ]
            )
        }
    }

    static func describe(_ error: APIError) -> (HTTPResponseStatus, HTTPHeaders, [FieldError]) {
        switch error {
        case .parse(let detail): (.badRequest, [:], [.init(code: "parse_error", detail: detail, attr: nil)])
        case .unsupportedMediaType(let type):
            (
                .unsupportedMediaType, [:],
                [
                    .init(
                        code: "unsupported_media_type", detail: "Unsupported media type \"\(type)\" in request.",
                        attr: nil)
                ]
            )
        case .methodNotAllowed(let method, let allowed):
            (
                .methodNotAllowed, ["Allow": allowed.joined(separator: ", ")],
                [.init(code: "method_not_allowed", detail: "Method \"\(method)\" not allowed.", attr: nil)]
            )
        case .notFound: (.notFound, [:], [.init(code: "not_found", detail: "Not found.", attr: nil)])
        case .payloadTooLarge:
            (
                .payloadTooLarge, [:],
                [
                    .init(
                        code: "request_too_large",
                        detail: "The request body is larger than the 1 MiB this server accepts.", attr: nil)
                ]
            )
        case .notAcceptable:
            (
                .notAcceptable, [:],
                [.init(code: "not_acceptable", detail: "Could not satisfy the request Accept header.", attr: nil)]
            )
        case .invalidToken:
            (
                .unauthorized, ["WWW-Authenticate": "Bearer"],
                [
                    .init(
                        code: "authentication_failed",
                        detail:
                            "This API token is invalid, expired or revoked. Create a new one under Settings or with `zane login`.",
                        attr: nil)
                ]
            )
        }
    }

    static func describe(_ abort: any AbortError) -> (HTTPResponseStatus, HTTPHeaders, [FieldError]) {
        switch abort.status {
        case .notFound: describe(APIError.notFound)
        case .payloadTooLarge: describe(APIError.payloadTooLarge)
        case .unsupportedMediaType: describe(APIError.unsupportedMediaType(""))
        case .badRequest:
            (
                .badRequest, abort.headers,
                [.init(code: "parse_error", detail: "JSON parse error - \(abort.reason)", attr: nil)]
            )
        case let status where status.code >= 500:
            (status, abort.headers, [.init(code: "error", detail: "A server error occurred.", attr: nil)])
        case let status: (status, abort.headers, [.init(code: "error", detail: abort.reason, attr: nil)])
        }
    }
}
