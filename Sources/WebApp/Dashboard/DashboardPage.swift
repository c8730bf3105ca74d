import Domain
import Vapor

/// The page shell every dashboard page shares: head, top bar with navigation and sign-out, main content.
/// Pages load one stylesheet and one script from `/static`; no inline script or style, so the policy can
/// forbid both.
struct DashboardPage {
    var title: String
    var user: AuthContext?
    var csrfToken: String
    var section: Section? = nil
    var main: HTML

    enum Section { case projects, settings }

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

    var html: HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(title) · Zane</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/zane.css">
        <script type="module" src="/static/zane.js"></script>
        </head>
        <body>
        \(topBar)
        <main id="main">
        \(main)
        </main>
        </body>
        </html>
        """
    }

    var topBar: HTML {
        guard let user else {
            return """
                <header class="top"><a class="brand" href="/">Zane</a></header>
                """
        }
        func link(_ label: String, _ href: String, _ target: Section) -> HTML {
            HTML.navigationLink(label, href: href, current: section == target)
        }
        return """
            <header class="top">
            <a class="brand" href="/">Zane</a>
            <nav aria-label="Main">\(link("Projects", "/", .projects))\(link("Settings", "/settings", .settings))</nav>
            <form class="search" method="get" action="/search" role="search">
            <label class="visually-hidden" for="global-search">Jump to a project, environment or service</label>
            <input id="global-search" name="query" type="search" placeholder="Jump to…" autocomplete="off" data-search>
            <div class="search-popup" id="search-popup" hidden></div>
            </form>
            <form class="signout" method="post" action="/logout">
            <input type="hidden" name="csrfmiddlewaretoken" value="\(csrfToken)">
            <span class="who">\(user.user.username)</span>
            <button type="submit" class="link">Sign out</button>
            </form>
            </header>
            """
    }

    func response(status: HTTPResponseStatus = .ok, headers extra: HTTPHeaders = [:]) -> Response {
        var headers = extra
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        return Response(status: status, headers: headers, body: .init(string: html.text))
    }
}
