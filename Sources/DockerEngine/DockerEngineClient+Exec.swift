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
        struct Inspect: Decodable { var exitCode: Int?; var running: Bool }
        let created = try await call(.POST, "/containers/\(try Self.pathSafe(container))/exec", body: Create(cmd: command), as: ObjectID.self)
        let started = try await send(.POST, "/exec/\(created.id)/start", body: Start())
        guard started.isSuccess else { throw DockerEngineError.unexpectedStatus(started.status.code, started.message, path: "/exec/start") }
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
