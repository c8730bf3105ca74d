import Foundation
import NIOCore

/// Running a command inside a container, as COMMAND health checks do.
extension DockerEngineClient {
    public struct ExecResult: Sendable, Equatable {
        public var exitCode: Int
        /// stdout and stderr, interleaved as the process wrote them.
        public var output: String

        public init(exitCode: Int, output: String) {
            self.exitCode = exitCode
            self.output = output
        }
    }

    /// Runs `command` (no shell) inside the container and waits for it to end.
    public func exec(_ command: [String], inContainer container: String) async throws -> ExecResult {
        struct Create: Encodable, Sendable {
            var attachStdout = true
            var attachStderr = true
            var cmd: [String]
        }
        struct Start: Encodable, Sendable {
            var detach = false
            var tty = false
        }
        struct Inspect: Decodable {
            var exitCode: Int?
            var running: Bool
        }
        let created = try await call(
            .POST, "/containers/\(try Self.pathSafe(container))/exec", body: Create(cmd: command), as: ObjectID.self)
        let started = try await send(.POST, "/exec/\(created.id)/start", body: Start())
        guard started.isSuccess else {
            throw DockerEngineError.unexpectedStatus(started.status.code, started.message, path: "/exec/start")
        }
        let inspected = try await call(.GET, "/exec/\(created.id)/json", as: Inspect.self)
        return ExecResult(exitCode: inspected.exitCode ?? -1, output: Self.demultiplexed(started.body))
    }

    /// The payloads of the engine's multiplexed stream: frames of `[stream, 0, 0, 0, size (4 bytes BE)]` + payload.
    static func demultiplexed(_ body: ByteBuffer) -> String {
        var buffer = body
        var output: [UInt8] = []
        while buffer.readableBytes >= 8, let header = buffer.readBytes(length: 8) {
            let size = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
            guard let payload = buffer.readBytes(length: min(size, buffer.readableBytes)) else { break }
            output += payload
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Images and containers.
extension DockerEngineClient {
    /// Pulls the image from its registry (`POST /images/create`); the engine reports failures inside the stream.
    public func pull(_ reference: String) async throws {
        guard let image = ImageName(reference) else { throw DockerEngineError.invalidPath(reference) }
        let reply = try await send(.POST, "/images/create", query: [("fromImage", image.name), ("tag", image.tag)])
        let text = String(buffer: reply.body)
        guard reply.isSuccess, !text.contains(#""error""#) else {
            throw DockerEngineError.unexpectedStatus(
                reply.status.code, reply.isSuccess ? text : reply.message, path: "/images/create")
        }
    }

    /// Gives a local image a second name (`POST /images/{name}/tag`).
    public func tag(_ reference: String, as target: String) async throws {
        guard let name = ImageName(target) else { throw DockerEngineError.invalidPath(target) }
        try await perform(
            .POST, "/images/\(try Self.pathSafe(reference))/tag", query: [("repo", name.name), ("tag", name.tag)])
    }

    /// Ids of the containers, running or not, whose name contains `name`.
    public func containerIDs(named name: String) async throws -> [String] {
        struct Container: Decodable { var id: String }
        return try await call(
            .GET, "/containers/json", query: [("all", "true"), Self.filters(["name": [name]])], as: [Container].self
        ).map(\.id)
    }

    public struct ContainerSummary: Decodable, Sendable {
        public var id: String
        public var state: String
        public var labels: [String: String]?
        /// Seconds since the epoch.
        public var created: Int64?
    }

    /// Containers with all these labels (`key=value`), stopped ones included.
    public func containers(labelled labels: [String]) async throws -> [ContainerSummary] {
        try await call(
            .GET, "/containers/json", query: [("all", "true"), Self.filters(["label": labels])],
            as: [ContainerSummary].self)
    }

    /// Sends SIGKILL to a container; one that is not running is left as it is.
    public func killContainer(_ id: String) async throws {
        try await perform(.POST, "/containers/\(try Self.pathSafe(id))/kill", accepting: [409])
    }
}

/// `name[:tag]` with the tag split at the last colon after the last slash (`latest` when absent).
struct ImageName {
    var name: String
    var tag: String

    init?(_ reference: String) {
        guard !reference.isEmpty else { return nil }
        let withoutDigest = reference.split(separator: "@", maxSplits: 1).first.map(String.init) ?? reference
        if let colon = withoutDigest.lastIndex(of: ":"), !withoutDigest[colon...].contains("/") {
            name = String(withoutDigest[..<colon])
            tag = String(withoutDigest[withoutDigest.index(after: colon)...])
        } else {
            name = withoutDigest
            tag = "latest"
        }
    }
}
