import AsyncHTTPClient
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1

/// Zane's API as a client sees it: JSON requests with a Bearer token (or, while logging in, a session cookie
/// and its CSRF header), the error envelope turned into a `ClientError`.
public struct ZaneAPI: Sendable {
    public let baseURL: String
    public var token: String?
    /// `sessionid` and `csrftoken`, between a login and the token it creates.
    public var cookies: [String: String] = [:]
    let http: HTTPClient
    let timeout: TimeAmount

    public init(baseURL: String, token: String?, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(30)) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.token = token
        self.http = http
        self.timeout = timeout
    }

    /// An answer: its status, its body as JSON (nil when empty) and as it came.
    public struct Answer: Sendable {
        public var status: Int
        public var json: JSONValue?
        public var raw: String
        public var setCookies: [String: String]
    }

    /// Sends a request and returns the answer of a 2xx; anything else becomes the `ClientError` it means.
    @discardableResult
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil
    ) async throws -> Answer {
        let request = try makeRequest(method, path, query: query, json: json)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw ClientError.unreachable(url: baseURL, reason: Self.reason(error))
        }
        let body = try await response.body.collect(upTo: 64 << 20)
        let raw = String(buffer: body)
        let json = body.readableBytes == 0 ? nil : try? JSONBodyParser.parse(Array(body.readableBytesView))
        let answer = Answer(
            status: Int(response.status.code), json: json, raw: raw,
            setCookies: Self.cookies(response.headers[canonicalForm: "set-cookie"].map(String.init)))
        try check(answer)
        return answer
    }

    /// Opens a Server-Sent Events stream; the caller reads `body` (see `ServerSentEvents`).
    public func openStream(_ path: String, query: [(String, String)] = [], maximumSeconds: Int64) async throws
        -> HTTPClientResponse
    {
        var request = try makeRequest(.GET, path, query: query, json: nil)
        request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream")
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(maximumSeconds + 30))
        } catch {
            throw ClientError.unreachable(url: baseURL, reason: Self.reason(error))
        }
        guard response.status.code / 100 == 2 else {
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try? JSONBodyParser.parse(Array(body.readableBytesView))
            try check(Answer(status: Int(response.status.code), json: json, raw: String(buffer: body), setCookies: [:]))
            throw ClientError.unexpectedAnswer(status: Int(response.status.code), url: baseURL)
        }
        return response
    }

    func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)], json: JSONValue?) throws
        -> HTTPClientRequest
    {
        var components = URLComponents()
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let queryText = components.percentEncodedQuery.map { "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? ""
        var request = HTTPClientRequest(url: baseURL + path + queryText)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "zane-cli")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if !cookies.isEmpty {
            request.headers.add(
                name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
            if let csrf = cookies["csrftoken"], ![.GET, .HEAD].contains(method) {
                request.headers.add(name: "X-CSRFToken", value: csrf)
                request.headers.add(name: "Referer", value: baseURL + "/")
            }
        }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(json)))
        }
        return request
    }

    func check(_ answer: Answer) throws {
        guard answer.status / 100 != 2 else { return }
        if answer.status == 401 {
            throw token == nil && cookies.isEmpty
                ? ClientError.notSignedIn(url: baseURL) : ClientError.tokenRefused(url: baseURL)
        }
        guard let first = answer.json?["errors"]?.array?.first, let detail = first["detail"]?.string else {
            throw ClientError.unexpectedAnswer(status: answer.status, url: baseURL)
        }
        throw ClientError.refused(
            status: answer.status, code: first["code"]?.string, detail: detail, attr: first["attr"]?.string)
    }

    static func cookies(_ headers: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            cookies[String(pair[..<equals]).trimmingCharacters(in: .whitespaces)] = String(
                pair[pair.index(after: equals)...])
        }
        return cookies
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") { return "timed out" }
        if text.contains("connection refused") || text.contains("Connection refused") { return "connection refused" }
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
