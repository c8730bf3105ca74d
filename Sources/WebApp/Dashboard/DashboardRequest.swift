import Domain
import Vapor

/// What a dashboard page needs from its request: the caller, and a CSRF token for its forms. A request
/// without a usable `csrftoken` cookie gets a fresh secret, set on the page's response.
struct DashboardRequest {
    let request: Request
    let user: AuthContext?
    var csrfToken: String
    /// Cookies the response must carry (a new CSRF secret).
    var headers = HTTPHeaders()

    init(_ request: Request, cookies: CookieWriter) {
        self.request = request
        user = request.authContext
        if let value = request.cookies[CookieWriter.csrfCookie]?.string, CSRFCheck.formatProblem(value) == nil {
            csrfToken = value
        } else {
            let secret = RandomID.csrfSecret()
            var headers = HTTPHeaders()
            cookies.setCSRF(secret, on: &headers)
            self.headers = headers
            csrfToken = secret
        }
    }

    func page(_ title: String, section: DashboardPage.Section? = nil, _ main: HTML) -> DashboardPage {
        DashboardPage(title: title, user: user, csrfToken: csrfToken, section: section, main: main)
    }

    func render(
        _ title: String, section: DashboardPage.Section? = nil, status: HTTPResponseStatus = .ok, _ main: HTML
    ) -> Response {
        page(title, section: section, main).response(status: status, headers: headers)
    }

    /// The form's fields; an empty optional field counts as not given, as a person leaving it blank means.
    func form(optional: Set<String> = []) throws -> InputReader {
        let fields = try request.bodyReader().object.filter { key, value in
            !(optional.contains(key) && (value.string?.trimmingCharacters(in: .whitespaces).isEmpty ?? false))
        }
        return InputReader(fields.filter { $0.key != "csrfmiddlewaretoken" })
    }

    /// The hidden field every form carries. The token goes in as it is: a checked one is letters and digits,
    /// and the other is `PageCache`'s placeholder, which must reach the cache unescaped to be found there.
    var csrfField: HTML {
        .rendered("<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"\(csrfToken)\">")
    }

    /// A redirect that keeps the cookies this request set.
    func redirect(to location: String, headers extra: HTTPHeaders = [:]) -> Response {
        var headers = headers
        for (name, value) in extra { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: .location, value: location)
        return Response(status: .seeOther, headers: headers)
    }
}
