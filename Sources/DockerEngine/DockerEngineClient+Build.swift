import AsyncHTTPClient
import Foundation
import NIOCore

/// Building images from a context archive (`POST /build`, the engine's own builder).
extension DockerEngineClient {
    public struct ImageBuild: Sendable, Equatable {
        /// A tar archive of the build context, read as the request body.
        public var contextArchive: String
        /// The Dockerfile's path inside the context.
        public var dockerfile: String
        public var tag: String
        public var target: String?
        public var buildArguments: [String: String]
        public var labels: [String: String]
        public var noCache: Bool

        public init(
            contextArchive: String, dockerfile: String, tag: String, target: String? = nil,
            buildArguments: [String: String] = [:], labels: [String: String] = [:], noCache: Bool = false
        ) {
            self.contextArchive = contextArchive
            self.dockerfile = dockerfile
            self.tag = tag
            self.target = target
            self.buildArguments = buildArguments
            self.labels = labels
            self.noCache = noCache
        }
    }

    /// Builds and tags the image, giving each line of the builder's output to `output` as it arrives. A build
    /// that fails throws `buildFailed` with the builder's message. Cancelling the calling task closes the
    /// connection, which makes the engine stop the build and remove its containers.
    public func buildImage(
        _ build: ImageBuild, timeout: Duration, output: @Sendable (String) async -> Void
    ) async throws {
        let query: [(String, String)] =
            [
                ("t", build.tag), ("dockerfile", build.dockerfile), ("rm", "1"), ("forcerm", "1"),
                ("nocache", build.noCache ? "1" : "0"), ("buildargs", Self.jsonObject(build.buildArguments)),
                ("labels", Self.jsonObject(build.labels)),
            ] + (build.target.map { [("target", $0)] } ?? [])
        var request = try request(.POST, "/build", query: query)
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-tar")
        let size = try FileManager.default.attributesOfItem(atPath: build.contextArchive)[.size] as? Int64 ?? 0
        request.body = .stream(FileChunks(path: build.contextArchive), length: .known(size))
        let timedOut = DockerEngineError.buildFailed(
            "the build did not finish within \(timeout.components.seconds) seconds")
        let response: HTTPClientResponse
        do {
            response = try await Self.streamingHTTP.execute(
                request, timeout: .seconds(max(1, timeout.components.seconds)))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw timedOut
        } catch {
            throw DockerEngineError.unreachable(socketPath, String(describing: error))
        }
        guard response.status == .ok else {
            let reply = Reply(status: response.status, body: try await response.body.collect(upTo: 1 << 20))
            throw DockerEngineError.buildFailed(reply.message)
        }
        var messages = BuildMessages()
        do {
            for try await chunk in response.body {
                for line in messages.take(chunk) { await output(line) }
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw timedOut
        }
        for line in messages.finish() { await output(line) }
        if let failure = messages.failure { throw DockerEngineError.buildFailed(failure) }
    }

    static func jsonObject(_ values: [String: String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The builder's answer: one JSON object per message (`{"stream": …}`, `{"status": …}`, `{"error": …}`),
/// whose text is cut into lines here, however the chunks split it.
struct BuildMessages {
    private var pending = ByteBuffer()
    private var text = ""
    private(set) var failure: String?

    mutating func take(_ chunk: ByteBuffer) -> [String] {
        pending.writeImmutableBuffer(chunk)
        var lines: [String] = []
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            let bytes = pending.readBytes(length: length) ?? []
            pending.moveReaderIndex(forwardBy: 1)
            lines += message(bytes)
        }
        return lines
    }

    mutating func finish() -> [String] {
        var lines = message(pending.readBytes(length: pending.readableBytes) ?? [])
        if !text.isEmpty { lines.append(text) }
        text = ""
        return lines
    }

    private mutating func message(_ bytes: [UInt8]) -> [String] {
        guard !bytes.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return [] }
        if let error = object["error"] as? String {
            failure = error
            return flushed() + [error]
        }
        if let stream = object["stream"] as? String {
            text += stream
            var lines: [String] = []
            while let newline = text.firstIndex(of: "\n") {
                lines.append(String(text[..<newline]).replacingOccurrences(of: "\r", with: ""))
                text = String(text[text.index(after: newline)...])
            }
            return lines
        }
        if let status = object["status"] as? String {
            let progress = object["progress"] as? String
            return flushed() + [progress.map { "\(status) \($0)" } ?? status]
        }
        return []
    }

    private mutating func flushed() -> [String] {
        defer { text = "" }
        return text.isEmpty ? [] : [text]
    }
}

/// A file read in chunks, as a request body.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            guard let handle else { throw DockerEngineError.invalidPath("build context") }
            guard let data = try handle.read(upToCount: 256 << 10), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: FileHandle(forReadingAtPath: path)) }
}
