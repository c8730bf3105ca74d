import Domain
import Vapor

/// `/settings/tokens`: the user's API tokens for scripts, CI and the `zane` command line. A new token's secret
/// is shown once, on the page that answers its creation; the list shows what each may reach and its last use.
struct APITokensPage {
    let tokens: APITokens
    let cookies: CookieWriter

    static let scopes = [
        ("FULL", "Full access: everything you can do"), ("READ_ONLY", "Read only: GET requests"),
        ("DEPLOY", "Deploy only: the projects and services listed below"),
    ]
    static let lifetimes = [
        ("", "Never"), ("7", "In 7 days"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"),
    ]

    func show(_ request: Request) async throws -> Response {
        try await render(DashboardRequest(request, cookies: cookies))
    }

    func create(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try request.requireAuth()
        let form = try page.form().object
        let values = form.compactMapValues(\.string)
        do {
            var reader = InputReader(Self.requestObject(values))
            let (token, secret) = try await tokens.create(
                try CreateAPITokenRequest(reading: &reader), for: context.user, workspaceID: try request.workspaceID())
            request.logger.info("API token created", metadata: ["token": "\(token.id)", "user": "\(context.user.id)"])
            return try await render(page, created: (token, secret), status: .created)
        } catch let error as DomainError {
            let shown = values.filter { ["name", "scope", "targets", "expires_in_days"].contains($0.key) }
            return try await render(page, errors: FormErrors(error, values: shown), status: .badRequest)
        }
    }

    func revoke(_ request: Request) async throws -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let context = try request.requireAuth()
        do {
            try await tokens.revoke(id: request.parameter("token_id"), of: context.user)
            return page.redirect(to: "/settings/tokens?revoked=1")
        } catch let error as DomainError {
            return try await render(page, errors: FormErrors(error), status: .notFound)
        }
    }

    /// The form as the API's body: one target per line, a project's slug or `<project>/<environment>/<service>`.
    static func requestObject(_ values: [String: String]) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "name": .string(values["name"] ?? ""), "scope": .string(values["scope"] ?? ""),
        ]
        let targets = (values["targets"] ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        object["projects"] = .array(targets.filter { !$0.contains("/") }.map { .string($0) })
        object["services"] = .array(targets.filter { $0.contains("/") }.map { .string($0) })
        if let days = values["expires_in_days"], !days.isEmpty {
            object["expires_in_days"] = Int64(days).map { .int($0) } ?? .string(days)
        }
        return object
    }

    func render(
        _ page: DashboardRequest, created: (token: APIToken, secret: String)? = nil, errors: FormErrors = FormErrors(),
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let errors = errors.showing(only: ["name", "scope", "targets", "expires_in_days"])
        let user = try page.request.requireAuth().user
        let all = try await tokens.list(for: user)
        let targets = try await tokens.targetNames(of: all, workspaceID: try page.request.workspaceID())
        let revoked = page.request.query[String.self, at: "revoked"] != nil && created == nil && errors.isEmpty
        return page.render(
            "API tokens", section: .settings, status: status,
            """
            <h1>API tokens</h1>
            <nav class="tabs page-tabs" aria-label="Settings"><a href="/settings">Account</a><a href="/settings/tokens" aria-current="page">API tokens</a></nav>
            \(revoked ? "<p class=\"notice\" role=\"status\">Token revoked: it no longer works.</p>" as HTML : .empty)
            \(created.map { Self.secretCard($0.token, $0.secret, authority: page.request.headers.first(name: .host) ?? "localhost") } ?? .empty)
            <div class="settings">
            <section class="card wide" aria-labelledby="tokens-title">
            <h2 id="tokens-title">Your tokens</h2>
            \(all.isEmpty ? "<p class=\"muted\">No token yet. Scripts, CI and the <code>zane</code> command line sign in with one.</p>" as HTML : Self.table(all, targets: targets, page: page))
            </section>
            <section class="card" aria-labelledby="new-token-title">
            <h2 id="new-token-title">New token</h2>
            \(errors.summary)
            <form method="post" action="/settings/tokens" data-once>
            \(page.csrfField)
            \(errors.field("name", label: "Name", hint: "What uses it: “laptop”, “GitHub deploy”…", attributes: "required maxlength=\"100\" autocomplete=\"off\""))
            \(errors.select("scope", label: "Scope", options: Self.scopes, selected: "FULL"))
            \(errors.textArea("targets", label: "Deploy only: what it may deploy", hint: "One per line: a project’s slug (all its services), or <code>project/environment/service</code>.", attributes: "rows=\"3\" spellcheck=\"false\""))
            \(errors.select("expires_in_days", label: "Expires", options: Self.lifetimes, selected: ""))
            <div class="actions"><button type="submit" class="primary">Create the token</button></div>
            </form>
            </section>
            </div>
            """)
    }

    static func secretCard(_ token: APIToken, _ secret: String, authority: String) -> HTML {
        """
        <section class="card created-token" aria-labelledby="secret-title">
        <h2 id="secret-title">Token “\(token.name)” created</h2>
        <p>Copy it now: it is shown this once, and Zane keeps only a digest of it.</p>
        <p><code class="secret" id="new-token-secret">\(secret)</code></p>
        <p class="hint">From a terminal: <code>ZANE_URL=http://\(authority) ZANE_TOKEN=\(secret) zane projects</code>, or <code>curl -H "Authorization: Bearer \(secret)" http://\(authority)/api/projects</code>.</p>
        </section>
        """
    }

    static func table(_ tokens: [APIToken], targets: [String: [String]], page: DashboardRequest) -> HTML {
        let rows: [HTML] = tokens.map { token in
            let reach: HTML =
                switch token.scope {
                case .full: "Full access"
                case .readOnly: "Read only"
                case .deploy:
                    "Deploy: \((targets[token.id] ?? []).isEmpty ? "nothing left" : (targets[token.id] ?? []).joined(separator: ", "))"
                }
            return """
                <tr><td>\(token.name)</td><td>\(reach)</td>
                <td>\(DashboardFormat.time(token.createdAt))</td>
                <td>\(token.lastUsedAt.map(DashboardFormat.time) ?? "Never")</td>
                <td>\(token.expiresAt.map(DashboardFormat.time) ?? "Never")</td>
                <td><form method="post" action="/settings/tokens/\(token.id)/revoke" data-once>\(page.csrfField)<button type="submit" class="danger" aria-label="Revoke \(token.name)">Revoke</button></form></td></tr>
                """
        }
        return """
            <div class="table-wrap"><table class="requests tokens"><thead><tr><th>Name</th><th>Scope</th><th>Created</th><th>Last used</th><th>Expires</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }
}
