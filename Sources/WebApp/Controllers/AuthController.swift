import Domain
import Foundation
import Vapor

/// `/api/csrf` and `/api/auth/…`: first user, login/logout, the current user, password and profile.
struct AuthController {
    let auth: AuthService
    let cookies: CookieWriter
    let limiter: RateLimiter
    let failedLogins: RateLimit

    func csrf(_ request: Request) throws -> Response {
        var headers = HTTPHeaders()
        cookies.setCSRF(currentCSRFSecret(request) ?? RandomID.csrfSecret(), on: &headers)
        return JSONResponse.make(JSONObject(["details": "CSRF cookie set"]), headers: headers)
    }

    func checkUserExistence(_ request: Request) async throws -> Response {
        JSONResponse.make(JSONObject(["exists": try await auth.anyUserExists()]))
    }

    func createInitialUser(_ request: Request) async throws -> Response {
        guard try await !auth.anyUserExists() else {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
        var reader = try request.bodyReader()
        let session = try await auth.createInitialUser(try CreateInitialUserRequest(reading: &reader))
        return JSONResponse.make(
            JSONObject(["detail": "User created and logged in successfully."]), status: .created,
            headers: loginCookies(for: session))
    }

    func login(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        let credentials = try LoginRequest(reading: &reader)
        let redirect = try redirectTarget(request)
        var headers = loginCookies(for: try await signIn(request, credentials))
        if let redirect {
            headers.replaceOrAdd(name: .location, value: redirect)
            return JSONResponse.empty(.found, headers: headers)
        }
        return JSONResponse.make(JSONObject(["success": true]), status: .created, headers: headers)
    }

    /// Checks the credentials under the failed-login limit (the API's login and the dashboard's). Every
    /// attempt is counted before the password is checked, so concurrent guesses cannot slip past the limit;
    /// a successful one gives its count back.
    func signIn(_ request: Request, _ credentials: LoginRequest) async throws -> Domain.Session {
        let clientKey = "login-failures|\(request.clientAddress)"
        try limiter.hit(clientKey, limit: failedLogins)
        let session = try await auth.login(
            username: credentials.username, password: credentials.password,
            previousKey: request.authContext?.session?.key)
        limiter.release(clientKey)
        return session
    }

    func logout(_ request: Request) async throws -> Response {
        try await auth.logout(key: try request.requireSession().key)
        var headers = HTTPHeaders()
        cookies.deleteSession(on: &headers)
        return JSONResponse.empty(.noContent, headers: headers)
    }

    /// Answers without a Task hop unless the session has to be extended (a database write).
    func me(_ request: Request) throws -> EventLoopFuture<Response> {
        let context = try request.requireAuth()
        guard let session = context.session, auth.isExpiringSoon(session) else {
            return request.eventLoop.makeSucceededFuture(JSONResponse.make(MeDTO(context)))
        }
        return request.eventLoop.makeFutureWithTask { [auth, cookies] in
            var context = context
            var headers = HTTPHeaders()
            if let extended = try await auth.extendIfExpiringSoon(context) {
                context.credential = .session(extended)
                cookies.setSession(extended.key, maxAge: Domain.Session.extendedLifetimeSeconds, on: &headers)
            }
            return JSONResponse.make(MeDTO(context), headers: headers)
        }
    }

    func changePassword(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        try await auth.changePassword(try request.requireAuth(), try ChangePasswordRequest(reading: &reader))
        return JSONResponse.make(JSONObject(["success": true]))
    }

    func updateProfile(_ request: Request) async throws -> Response {
        var reader = try request.bodyReader()
        let user = try await auth.updateProfile(try request.requireAuth(), try UpdateProfileRequest(reading: &reader))
        return JSONResponse.make(ProfileDTO(user))
    }

    func loginCookies(for session: Domain.Session) -> HTTPHeaders {
        var headers = HTTPHeaders()
        cookies.setSession(session.key, maxAge: Domain.Session.lifetimeSeconds, on: &headers)
        cookies.setCSRF(RandomID.csrfSecret(), on: &headers)
        return headers
    }

    func currentCSRFSecret(_ request: Request) -> String? {
        guard let value = request.cookies[CookieWriter.csrfCookie]?.string, CSRFCheck.formatProblem(value) == nil,
            let secret = CSRFCheck.unmask(value)
        else { return nil }
        return String(decoding: secret, as: UTF8.self)
    }

    /// `redirect_to` must be an absolute http(s) URL.
    func redirectTarget(_ request: Request) throws -> String? {
        guard let target = request.query[String.self, at: "redirect_to"] else { return nil }
        guard let components = URLComponents(string: target), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else { throw DomainError.invalid("redirect_to", "Enter a valid URL.") }
        return target
    }
}
