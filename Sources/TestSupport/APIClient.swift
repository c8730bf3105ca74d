import Foundation
import NIOCore
import Vapor
import VaporTesting

/// Talks to a test application like a browser: keeps cookies and sends the CSRF header on unsafe requests.
/// Safe to use from concurrent tasks.
public final class APIClient: @unchecked Sendable {
    public let app: Application
    private let lock = NSLock()
    private var storedCookies: [String: String] = [:]
    public var cookies: [String: String] {
        get { lock.withLock { storedCookies } }
        set { lock.withLock { storedCookies = newValue } }
    }
    /// When false, unsafe requests go without `X-CSRFToken`.
    public var sendsCSRFHeader = true
    /// When set, every request carries `Authorization: Bearer` with it.
    public var bearerToken: String?

    /// Over a real HTTP connection on loopback instead of in memory.
    public let live: Bool

    public init(_ app: Application, live: Bool = false) {
        self.app = app
        self.live = live
    }

    public var csrfToken: String? { cookies["csrftoken"] }

    @discardableResult
    public func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, body: String? = nil, contentType: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        if sendsCSRFHeader, ![.GET, .HEAD].contains(method), let token = csrfToken {
            headers.add(name: "X-CSRFToken", value: token)
        }
        if let bearerToken { headers.add(name: .authorization, value: "Bearer \(bearerToken)") }
        var buffer: ByteBuffer?
        if let json {
            headers.add(name: .contentType, value: contentType ?? "application/json")
            buffer = ByteBuffer(string: json)
        } else if let body {
            if let contentType { headers.add(name: .contentType, value: contentType) }
            buffer = ByteBuffer(string: body)
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let tester = try app.testing(method: live ? .running(hostname: "127.0.0.1", port: 0) : .inMemory)
        let response = try await tester.sendRequest(method, path, headers: headers, body: buffer)
        let result = TestResponse(
            status: response.status, headers: response.headers, body: String(buffer: response.body))
        lock.withLock {
            for (name, value) in result.setCookies {
                if value.isEmpty || value == "\"\"" { storedCookies[name] = nil } else { storedCookies[name] = value }
            }
        }
        return result
    }

    /// Creates the first user (when none exists) and logs in as it.
    @discardableResult
    public func signUp(username: String = "fred", password: String = "Sandbox-pass-1") async throws -> TestResponse {
        try await send(
            .POST, "/api/auth/create-initial-user", json: #"{"username": "\#(username)", "password": "\#(password)"}"#)
    }

    /// A client signed in as the first user, with the project `projectSlug` created when given.
    public static func signedIn(_ app: Application, project projectSlug: String? = nil) async throws -> APIClient {
        let client = APIClient(app)
        guard try await client.signUp().status == .created else { throw TestSetupError("sign-up failed") }
        if let projectSlug {
            let created = try await client.send(.POST, "/api/projects", json: #"{"slug": "\#(projectSlug)"}"#)
            guard created.status == .created else {
                throw TestSetupError("creating project \(projectSlug) failed: \(created.body)")
            }
        }
        return client
    }

    @discardableResult
    public func login(username: String = "fred", password: String = "Sandbox-pass-1") async throws -> TestResponse {
        try await send(.POST, "/api/auth/login", json: #"{"username": "\#(username)", "password": "\#(password)"}"#)
    }
}

/// A response with its body as text and helpers to read it as JSON.
public struct TestResponse: Sendable {
    public let status: HTTPResponseStatus
    public let headers: HTTPHeaders
    public let body: String

    /// The body parsed as JSON (`NSNull` for null).
    public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
    public var object: [String: Any] { json as? [String: Any] ?? [:] }
    public var array: [[String: Any]] { json as? [[String: Any]] ?? [] }

    /// The first error entry of an error envelope.
    public var firstError: [String: Any] { (object["errors"] as? [[String: Any]])?.first ?? [:] }
    public var errorType: String? { object["type"] as? String }
    public var errorCodes: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }
    public var errorAttrs: [String] {
        (object["errors"] as? [[String: Any]] ?? []).map { $0["attr"] as? String ?? "null" }
    }

    /// `Set-Cookie` headers as (name, value) pairs.
    public var setCookies: [(String, String)] {
        headers[.setCookie].compactMap { header in
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else {
                return nil
            }
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
    }

    /// The whole `Set-Cookie` header for `name`.
    public func setCookieHeader(_ name: String) -> String? {
        headers[.setCookie].first { $0.hasPrefix("\(name)=") }
    }
}
