import Foundation
import Vapor

/// Writes `sessionid` and `csrftoken` cookies with exactly the attributes Django sends.
struct CookieWriter: Sendable {
    static let sessionCookie = "sessionid"
    static let csrfCookie = "csrftoken"
    static let csrfMaxAge: Int64 = 31_449_600

    let domain: String?
    let secure: Bool

    func setSession(_ key: String, maxAge: Int64, on headers: inout HTTPHeaders, now: Date = Date()) {
        headers.add(
            name: .setCookie,
            value: cookie(Self.sessionCookie, key, maxAge: maxAge, httpOnly: true, domain: domain, now: now))
    }

    func deleteSession(on headers: inout HTTPHeaders) {
        var parts = ["\(Self.sessionCookie)=\"\"", "expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0", "Path=/"]
        if let domain { parts.append("Domain=\(domain)") }
        parts.append("SameSite=Lax")
        headers.add(name: .setCookie, value: parts.joined(separator: "; "))
    }

    func setCSRF(_ secret: String, on headers: inout HTTPHeaders, now: Date = Date()) {
        headers.add(
            name: .setCookie,
            value: cookie(Self.csrfCookie, secret, maxAge: Self.csrfMaxAge, httpOnly: false, domain: nil, now: now))
    }

    func cookie(_ name: String, _ value: String, maxAge: Int64, httpOnly: Bool, domain: String?, now: Date) -> String {
        var parts = ["\(name)=\(value)", "expires=\(Self.httpDate(now.addingTimeInterval(TimeInterval(maxAge))))"]
        if let domain { parts.append("Domain=\(domain)") }
        if httpOnly { parts.append("HttpOnly") }
        parts.append("Max-Age=\(maxAge)")
        parts.append("Path=/")
        parts.append("SameSite=Lax")
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// `Sun, 13 Dec 2026 11:31:43 GMT`
    static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", days[Int(parts.tm_wday)], Int(parts.tm_mday),
            months[Int(parts.tm_mon)],
            Int(parts.tm_year) + 1900, Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
