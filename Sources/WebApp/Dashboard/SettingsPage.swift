import Domain
import Vapor

/// `/settings`: the signed-in user's profile and password, through the same rules as `/api/auth/…`.
struct SettingsPage {
    let auth: AuthService
    let cookies: CookieWriter

    func show(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        return render(page, user: try request.requireAuth().user)
    }

    func updateProfile(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try request.requireAuth()
        var reader = try page.form(optional: ["username"])
        do {
            let user = try await auth.updateProfile(context, try UpdateProfileRequest(reading: &reader))
            return render(page, user: user, notice: "Profile saved.")
        } catch let error as DomainError {
            var typed = context.user
            typed.username = reader.object["username"]?.string ?? typed.username
            typed.firstName = reader.object["first_name"]?.string ?? typed.firstName
            typed.lastName = reader.object["last_name"]?.string ?? typed.lastName
            return render(page, user: typed, profileErrors: FormErrors(error), status: .badRequest)
        }
    }

    func changePassword(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try request.requireAuth()
        var reader = try page.form()
        do {
            try await auth.changePassword(context, try ChangePasswordRequest(reading: &reader))
            return render(page, user: context.user, notice: "Password changed. Your other sessions were signed out.")
        } catch let error as DomainError {
            return render(page, user: context.user, passwordErrors: FormErrors(error), status: .badRequest)
        }
    }

    func render(
        _ page: DashboardRequest, user: User, notice: String? = nil, profileErrors: FormErrors = FormErrors(),
        passwordErrors: FormErrors = FormErrors(), status: HTTPResponseStatus = .ok
    ) -> Response {
        page.render(
            "Settings", section: .settings, status: status,
            """
            <h1>Settings</h1>
            <nav class="tabs page-tabs" aria-label="Settings"><a href="/settings" aria-current="page">Account</a><a href="/settings/tokens">API tokens</a></nav>
            \(notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML })
            <div class="settings">
            <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">Profile</h2>
            \(profileErrors.summary)
            <form method="post" action="/settings/profile" data-once>
            \(page.csrfField)
            \(profileErrors.field("username", label: "Username", value: user.username, attributes: "autocomplete=\"username\""))
            \(profileErrors.field("first_name", label: "First name", value: user.firstName, attributes: "autocomplete=\"given-name\""))
            \(profileErrors.field("last_name", label: "Last name", value: user.lastName, attributes: "autocomplete=\"family-name\""))
            <div class="actions"><button type="submit" class="primary">Save the profile</button></div>
            </form>
            </section>
            <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">Password</h2>
            \(passwordErrors.summary)
            <form method="post" action="/settings/password" data-once>
            \(page.csrfField)
            \(passwordErrors.field("current_password", label: "Current password", type: "password", attributes: "autocomplete=\"current-password\" required"))
            \(passwordErrors.field("new_password", label: "New password", type: "password", hint: "At least \(PasswordPolicy.minimumLength) characters, not a common one, not only digits, not close to your name.", attributes: "autocomplete=\"new-password\" required"))
            \(passwordErrors.field("confirm_password", label: "New password, again", type: "password", attributes: "autocomplete=\"new-password\" required"))
            <div class="actions"><button type="submit" class="primary">Change the password</button></div>
            </form>
            </section>
            </div>
            """)
    }
}
