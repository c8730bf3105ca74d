import Domain
import Vapor

/// What a person sees when a dashboard page cannot be shown: a page in the dashboard's style that says
/// what happened and what to do, never JSON or a stack trace. An expired session goes to the sign-in page.
enum DashboardErrorPage {
    static func response(for error: any Error, request: Request, cookies: CookieWriter) -> Response {
        let page = DashboardRequest(request, cookies: cookies)
        let (status, _, errors) = ErrorEnvelope.describe(error)
        if status == .unauthorized {
            let next = request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return page.redirect(to: "/login?next=\(next)")
        }
        let (title, advice): (String, HTML)
        switch status.code {
        case 404:
            (title, advice) = (
                "Not found", "This page does not exist, or it was archived. <a href=\"/\">Back to the projects</a>."
            )
        case 403:
            (title, advice) = (
                "Refused",
                "Zane refused this request. If you came from another site, go back to <a href=\"/\">Zane</a> and try again from there."
            )
        case 429: (title, advice) = ("Too many requests", "Wait a moment, then try again.")
        case 500...: (title, advice) = ("Something went wrong", "The error was logged. Try again in a moment.")
        default: (title, advice) = ("Cannot do that", "<a href=\"/\">Back to the projects</a>.")
        }
        let details: [HTML] =
            status.code >= 500
            ? [] : errors.filter { $0.detail != title + "." }.map { "<p class=\"muted\">\($0.detail)</p>" as HTML }
        return page.render(
            title, status: status,
            """
            <section class="narrow card error-page">
            <p class="code">\(Int(status.code))</p>
            <h1>\(title)</h1>
            \(details)
            <p>\(advice)</p>
            </section>
            """)
    }
}
