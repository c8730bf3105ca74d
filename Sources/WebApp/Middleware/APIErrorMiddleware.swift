import Domain
import Vapor

/// Turns every error into the API's JSON envelope (never an HTML page or a stack trace), tells 405 from
/// 404 for known paths, and adds the informative headers ZaneOps sends. Logs 5xx at `error`, 4xx at `debug`.
struct APIErrorMiddleware: Middleware {
    let routeMethods: RouteMethodIndex
    /// Dashboard pages (every path outside `/api`) get an error page instead of the envelope.
    let cookies: CookieWriter

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request)
            .recover { error in errorResponse(for: refine(error, for: request), request: request) }
            .map { response in
                Self.addStandardHeaders(to: &response.headers)
                return response
            }
    }

    /// A 404 on a path that exists with other methods is a 405.
    func refine(_ error: any Error, for request: Request) -> any Error {
        guard let abort = error as? any AbortError, abort.status == .notFound else { return error }
        let allowed = routeMethods.methods(matching: request.url.path)
        if allowed.isEmpty { return APIError.notFound }
        return APIError.methodNotAllowed(request.method.rawValue.uppercased(), allowed: allowed)
    }

    func errorResponse(for error: any Error, request: Request) -> Response {
        let (status, headers, errors) = ErrorEnvelope.describe(error)
        if status.code >= 500 {
            request.logger.error(
                "request failed",
                metadata: ["error": "\(String(reflecting: error))", "path": "\(Self.loggable(request.url.path))"])
        } else {
            request.logger.debug(
                "request refused", metadata: ["status": "\(status.code)", "path": "\(Self.loggable(request.url.path))"])
        }
        if !Self.isAPI(request.url.path) {
            return DashboardErrorPage.response(for: error, request: request, cookies: cookies)
        }
        var isValidation = false
        if case .validation = error as? DomainError { isValidation = true }
        return JSONResponse.make(
            ErrorEnvelope(status: status, errors: errors, isValidation: isValidation), status: status, headers: headers)
    }

    /// `path` with anything shaped like an API token's secret masked: one pasted into a URL stays out of the logs.
    static func loggable(_ path: String) -> String {
        guard path.contains(APIToken.secretPrefix) else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.contains(APIToken.secretPrefix) ? "\(APIToken.secretPrefix)…" : String(part)
        }.joined(separator: "/")
    }

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") }

    static func addStandardHeaders(to headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: .vary, value: "Cookie")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
    }
}
