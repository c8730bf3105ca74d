import AsyncHTTPClient
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1

/// Caddy's admin API on a unix socket, for a caller that is its only writer.
public struct CaddyAdminClient: Sendable {
    /// The Host header of every admin request: Caddy only answers hosts listed in `admin.origins`.
    public static let host = "zane-proxy"

    public let socketPath: String
    let http: HTTPClient

    public init(socketPath: String, http: HTTPClient = .shared) {
        self.socketPath = socketPath
        self.http = http
    }

    /// Whether Caddy answers on the socket with a configuration Zane wrote (one that lists Zane's origin).
    public func isAnswering() async -> Bool {
        (try? await send(.GET, "/config/admin/origins"))?.0 == .ok
    }

    /// Replaces the whole configuration (`POST /load`); Caddy switches over gracefully.
    public func load(_ config: JSONValue) async throws {
        try await expectSuccess(send(.POST, "/load", body: config), "/load")
    }

    /// Replaces the object with this `@id` (`PATCH /id/<id>`), in one reload.
    public func replace(id: String, with value: JSONValue) async throws {
        try await expectSuccess(send(.PATCH, "/id/\(id)", body: value), "/id/\(id)")
    }

    public func read(id: String) async throws -> JSONValue? {
        let (status, body) = try await send(.GET, "/id/\(id)")
        if status == .notFound || (status == .badRequest && body.contains("unknown object ID")) { return nil }
        try expectSuccess((status, body), "/id/\(id)")
        return try JSONBodyParser.parse(Array(body.utf8))
    }

    private func expectSuccess(_ reply: (HTTPResponseStatus, String), _ path: String) throws {
        guard (200..<300).contains(reply.0.code) else {
            throw CaddyAdminError.refused(reply.0.code, path: path, message: reply.1)
        }
    }

    private func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> (
        HTTPResponseStatus, String
    ) {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw CaddyAdminError.unreachable(socketPath, "bad path")
        }
        // Without this, a request to a socket that is not there waits out the whole timeout.
        guard FileManager.default.fileExists(atPath: socketPath) else {
            throw CaddyAdminError.unreachable(socketPath, "no such socket")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.replaceOrAdd(name: "Host", value: Self.host)
        // Caddy replaces its admin server with every configuration it loads: a kept-alive connection would
        // be closed under the next request.
        request.headers.replaceOrAdd(name: "Connection", value: "close")
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            var writer = JSONWriter(capacity: 4096)
            body.write(to: &writer)
            request.body = .bytes(ByteBuffer(bytes: writer.bytes))
        }
        do {
            let response = try await http.execute(request, timeout: .seconds(30))
            return (response.status, String(buffer: try await response.body.collect(upTo: 64 << 20)))
        } catch {
            throw CaddyAdminError.unreachable(socketPath, String(describing: error))
        }
    }
}
