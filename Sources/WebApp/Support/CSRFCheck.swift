import Domain
import Vapor

/// Django's CSRF check for unsafe requests on an authenticated session (see the API contract §0.8).
struct CSRFCheck: Sendable {
    static let tokenAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    static let safeMethods: [HTTPMethod] = [.GET, .HEAD, .OPTIONS, .TRACE]

    let trustedOrigins: [String]
    let isHTTPS: Bool

    /// Throws `permission_denied` with `CSRF Failed: <reason>` when the request fails the check.
    func verify(_ request: Request) throws(DomainError) {
        if let reason = failureReason(request) { throw .permissionDenied("CSRF Failed: \(reason)") }
    }

    func failureReason(_ request: Request) -> String? {
        if let origin = request.headers.first(name: .origin) {
            let own = (isHTTPS ? "https://" : "http://") + (request.headers.first(name: .host) ?? "")
            if origin != own && !trustedOrigins.contains(origin) {
                return "Origin checking failed - \(origin) does not match any trusted origins."
            }
        }
        guard let cookie = request.cookies[CookieWriter.csrfCookie]?.string else { return "CSRF cookie not set." }
        if let problem = Self.formatProblem(cookie) { return "CSRF cookie \(problem)." }
        let (token, source) = suppliedToken(request)
        guard let token else { return "CSRF token missing." }
        if let problem = Self.formatProblem(token) { return "CSRF token from \(source) \(problem)." }
        guard let secret = Self.unmask(cookie), let supplied = Self.unmask(token),
            Self.constantTimeEqual(secret, supplied)
        else {
            return "CSRF token from \(source) incorrect."
        }
        return nil
    }

    func suppliedToken(_ request: Request) -> (String?, String) {
        if request.method == .POST, request.headers.contentType == .urlEncodedForm,
            let token = try? request.content.get(String.self, at: "csrfmiddlewaretoken")
        {
            return (token, "POST")
        }
        return (request.headers.first(name: "X-CSRFToken"), "the 'X-Csrftoken' HTTP header")
    }

    static func formatProblem(_ token: String) -> String? {
        guard token.utf8.count == 32 || token.utf8.count == 64 else { return "has incorrect length" }
        return token.utf8.allSatisfy(tokenAlphabet.contains) ? nil : "has invalid characters"
    }

    /// A 64-character token is a mask followed by the masked secret; 32 characters are the secret itself.
    static func unmask(_ token: String) -> [UInt8]? {
        let bytes = Array(token.utf8)
        if bytes.count == 32 { return bytes }
        guard bytes.count == 64 else { return nil }
        let mask = bytes[0..<32]
        let cipher = bytes[32..<64]
        var secret: [UInt8] = []
        for (maskByte, cipherByte) in zip(mask, cipher) {
            guard let m = tokenAlphabet.firstIndex(of: maskByte), let c = tokenAlphabet.firstIndex(of: cipherByte)
            else { return nil }
            secret.append(tokenAlphabet[(c - m + tokenAlphabet.count) % tokenAlphabet.count])
        }
        return secret
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
