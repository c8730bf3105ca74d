import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of the Docker Engine API over its unix socket.
public struct DockerEngineClient: Sendable {
    /// Docker 20.10's API version: the oldest engine Zane supports; newer engines answer it too.
    public static let apiVersion = "v1.41"

    public let socketPath: String
    let http: HTTPClient
    let timeout: TimeAmount

    public init(socketPath: String, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(30)) {
        self.socketPath = socketPath
        self.http = http
        self.timeout = timeout
    }

    /// The same engine through a connection pool of its own for streams that stay open (followed logs):
    /// held in the shared pool, a few of them would keep every other request waiting for a connection.
    public func forStreams() -> DockerEngineClient {
        DockerEngineClient(socketPath: socketPath, http: Self.streamingHTTP, timeout: timeout)
    }

    /// Lives as long as the process: no connection limit worth reaching, no read timeout.
    static let streamingHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 100_000
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The socket path of a `unix://` `DOCKER_HOST`, or nil for any other kind of address.
    public static func socketPath(fromDockerHost host: String) -> String? {
        guard host.hasPrefix("unix://") else { return nil }
        let path = String(host.dropFirst("unix://".count))
        return path.isEmpty ? nil : path
    }

    /// Whether the engine answers `GET /_ping`.
    public func ping() async -> Bool {
        (try? await send(.GET, "/_ping").status) == .ok
    }

    /// Whether the image is present in the engine's local store (`GET /images/{name}/json`).
    public func imageExists(_ reference: String) async throws -> Bool {
        try await exists("/images/\(try Self.pathSafe(reference))/json")
    }

    /// Whether the engine can find the image's manifest in its registry (`GET /distribution/{name}/json`),
    /// with the engine's own network and credentials.
    public func imageExistsInRegistry(_ reference: String) async throws -> Bool {
        try await exists("/distribution/\(try Self.pathSafe(reference))/json")
    }

    func exists(_ path: String) async throws -> Bool {
        let response = try await send(.GET, path)
        switch response.status {
        case .ok: return true
        case .notFound, .unauthorized, .forbidden: return false
        default: throw DockerEngineError.unexpectedStatus(response.status.code, response.message, path: path)
        }
    }

    struct Reply {
        var status: HTTPResponseStatus
        var body: ByteBuffer

        /// The engine's `{"message": …}`, or the raw body.
        var message: String {
            let text = String(buffer: body)
            let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            return decoded?["message"] ?? text
        }

        var isSuccess: Bool { (200..<300).contains(status.code) }
    }

    /// Sends a request; `query` values are percent-encoded, `body` is encoded as JSON in the engine's key style.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
        body: (some Encodable & Sendable)? = Empty?.none
    )
        async throws -> Reply
    {
        var request = try request(method, path, query: query)
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try DockerJSON.encoder.encode(body))))
        }
        do {
            let response = try await http.execute(request, timeout: timeout)
            return Reply(status: response.status, body: try await response.body.collect(upTo: 16 << 20))
        } catch let error as DockerEngineError {
            throw error
        } catch {
            throw DockerEngineError.unreachable(socketPath, String(describing: error))
        }
    }

    func request(_ method: HTTPMethod, _ path: String, query: [(String, String)] = []) throws -> HTTPClientRequest {
        var uri = path == "/_ping" ? path : "/\(Self.apiVersion)\(path)"
        if !query.isEmpty {
            uri += "?" + query.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: uri) else {
            throw DockerEngineError.invalidPath(path)
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        // The engine refuses requests without a Host header, which socket URLs do not produce.
        request.headers.replaceOrAdd(name: "Host", value: "docker")
        return request
    }

    /// Sends a request and decodes a successful answer; any other status throws with the engine's message.
    func call<Answer: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
        body: (some Encodable & Sendable)? = Empty?.none,
        as type: Answer.Type
    ) async throws -> Answer {
        let reply = try await send(method, path, query: query, body: body)
        guard reply.isSuccess else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: path)
        }
        return try DockerJSON.decoder.decode(Answer.self, from: Data(reply.body.readableBytesView))
    }

    /// Sends a request whose answer body does not matter; statuses in `accepting` count as success too
    /// (e.g. 404 when removing, 409 when creating something that exists).
    func perform(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
        body: (some Encodable & Sendable)? = Empty?.none,
        accepting: Set<UInt> = []
    ) async throws {
        let reply = try await send(method, path, query: query, body: body)
        guard reply.isSuccess || accepting.contains(reply.status.code) else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: path)
        }
    }

    static func percentEncoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// `{"label": ["a=b", …], …}` as the engine's list endpoints take it.
    static func filters(_ filters: [String: [String]]) -> (String, String) {
        let data = (try? JSONEncoder().encode(filters)) ?? Data("{}".utf8)
        return ("filters", String(decoding: data, as: UTF8.self))
    }

    /// An image reference as the engine expects it in a path: raw (the engine routes `{name:.*}`), which is
    /// safe because references only hold `[A-Za-z0-9._-/:@]`. Anything else is refused rather than encoded:
    /// the socket URL would encode a `%` a second time.
    static func pathSafe(_ reference: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@")
        guard !reference.isEmpty, !reference.contains(".."), reference.allSatisfy(allowed.contains) else {
            throw DockerEngineError.invalidPath(reference)
        }
        return reference
    }
}

/// Failures talking to the engine.
public enum DockerEngineError: Error, Equatable, CustomStringConvertible {
    case unreachable(String, String)
    case unexpectedStatus(UInt, String, path: String)
    case invalidPath(String)
    case timedOut(String)
    case buildFailed(String)

    public var description: String {
        switch self {
        case .unreachable(let socket, let reason): "the Docker engine at \(socket) cannot be reached: \(reason)"
        case .unexpectedStatus(let code, let message, let path):
            "the Docker engine answered \(code) to \(path): \(message)"
        case .invalidPath(let path): "invalid Docker engine path \(path)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .buildFailed(let message): "the build failed: \(message)"
        }
    }
}
