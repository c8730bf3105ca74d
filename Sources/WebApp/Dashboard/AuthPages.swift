import Domain
import Vapor

/// `/login`, `/onboarding` and `/logout`: the same accounts, sessions and limits as `/api/auth/…`.
struct AuthPages {
    let api: AuthController
    let cookies: CookieWriter

    func loginForm(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        if page.user != nil { return page.redirect(to: Self.nextPath(request)) }
        guard try await api.auth.anyUserExists() else { return page.redirect(to: "/onboarding") }
        return login(page, FormErrors())
    }

    func submitLogin(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        var reader = try page.form()
        do {
            let session = try await api.signIn(request, try LoginRequest(reading: &reader))
            return page.redirect(to: Self.nextPath(request), headers: api.loginCookies(for: session))
        } catch let error as DomainError {
            var errors = FormErrors(error)
            if case .authenticationFailed = error {
                errors = FormErrors()
                errors.general = [Self.wrongCredentials]
            }
            var status = HTTPResponseStatus.badRequest
            if case .throttled = error { status = .tooManyRequests }
            return login(page, errors, username: reader.object["username"]?.string ?? "", status: status)
        }
    }

    static let wrongCredentials = "Invalid username or password."

    func login(_ page: DashboardRequest, _ errors: FormErrors, username: String = "", status: HTTPResponseStatus = .ok)
        -> Response
    {
        page.render(
            "Sign in", status: status,
            """
            <section class="narrow card">
            <h1>Sign in</h1>
            \(errors.summary)
            <form method="post" action="/login\(Self.nextQuery(page.request))" data-once>
            \(page.csrfField)
            \(errors.field("username", label: "Username", value: username, attributes: "autocomplete=\"username\" required autofocus"))
            \(errors.field("password", label: "Password", type: "password", attributes: "autocomplete=\"current-password\" required"))
            <button type="submit" class="primary">Sign in</button>
            </form>
            </section>
            """)
    }

    func onboardingForm(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        guard try await !api.auth.anyUserExists() else { return page.redirect(to: page.user == nil ? "/login" : "/") }
        return onboarding(page, FormErrors())
    }

    func submitOnboarding(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        guard try await !api.auth.anyUserExists() else { return page.redirect(to: "/login") }
        var reader = try page.form()
        do {
            let session = try await api.auth.createInitialUser(try CreateInitialUserRequest(reading: &reader))
            return page.redirect(to: "/", headers: api.loginCookies(for: session))
        } catch let error as DomainError {
            return onboarding(
                page, FormErrors(error), username: reader.object["username"]?.string ?? "", status: .badRequest)
        }
    }

    func onboarding(
        _ page: DashboardRequest, _ errors: FormErrors, username: String = "", status: HTTPResponseStatus = .ok
    )
        -> Response
    {
        let rules: HTML = """
            <ul class="rules" id="password-rules">
            <li>At least \(PasswordPolicy.minimumLength) characters</li>
            <li>Not a common password, and not only digits</li>
            <li>Not too close to the username</li>
            </ul>
            """
        return page.render(
            "Welcome", status: status,
            """
            <section class="narrow card">
            <h1>Welcome to Zane</h1>
            <p class="lead">Create the first user: it owns this Zane, its projects and its services.</p>
            \(errors.summary)
            <form method="post" action="/onboarding" data-once>
            \(page.csrfField)
            \(errors.field("username", label: "Username", value: username, hint: "Letters, digits and @ . + - _", attributes: "autocomplete=\"username\" required autofocus"))
            \(errors.field("password", label: "Password", type: "password", hint: rules, attributes: "autocomplete=\"new-password\" required"))
            <button type="submit" class="primary">Create the user</button>
            </form>
            </section>
            """)
    }

    func logout(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        if let session = page.user?.session { try await api.auth.logout(key: session.key) }
        var headers = HTTPHeaders()
        cookies.deleteSession(on: &headers)
        return page.redirect(to: "/login", headers: headers)
    }

    /// Where to go after signing in: a local path from `?next=`, else the project list.
    static func nextPath(_ request: Request) -> String {
        // No control character or space either: browsers drop a tab from `/\t/evil.example`, leaving `//evil.example`.
        guard let next = request.query[String.self, at: "next"], next.hasPrefix("/"), !next.hasPrefix("//"),
            !next.contains("\\"), next.utf8.count <= 2048, next.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F })
        else { return "/" }
        return next
    }

    static func nextQuery(_ request: Request) -> HTML {
        let next = nextPath(request)
        guard next != "/" else { return .empty }
        return "?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
    }
}
