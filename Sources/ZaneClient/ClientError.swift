/// Why a client command failed, worded as one line that says what to do next.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    /// The server refused the request; `detail` is its own message.
    case refused(status: Int, code: String?, detail: String, attr: String?)
    /// No token was given or the server refused it (401).
    case notSignedIn(url: String?)
    case tokenRefused(url: String)
    case unreachable(url: String, reason: String)
    /// The server answered something that is not Zane's API.
    case unexpectedAnswer(status: Int, url: String)
    case usage(String)
    case failed(String)

    public var description: String {
        switch self {
        case .refused(let status, _, let detail, let attr):
            var sentence = attr.map { "\($0): \(detail)" } ?? detail
            guard status == 404 else { return sentence }
            if let last = sentence.last, !".!?".contains(last) { sentence += "." }
            return sentence
                + " Check the names with `zane projects`, `zane envs <project>` or `zane services <project>/<environment>`."
        case .notSignedIn(let url):
            let target = url ?? "<url>"
            return "not signed in: run `zane login \(target)`, or set ZANE_URL and ZANE_TOKEN."
        case .tokenRefused(let url):
            return "\(url) refused the token (invalid, expired or revoked): run `zane login \(url)` again."
        case .unreachable(let url, let reason):
            return "cannot reach Zane at \(url) (\(reason)): check the URL and that `zane serve` runs there."
        case .unexpectedAnswer(let status, let url):
            return "\(url) answered \(status), not as Zane's API does: check the URL."
        case .usage(let message), .failed(let message):
            return message
        }
    }
}
