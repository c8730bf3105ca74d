import AsyncHTTPClient
import Foundation
import NIOCore

/// A container's output, as the engine keeps it (`GET /containers/{id}/logs`).
extension DockerEngineClient {
    public struct LogLine: Sendable, Equatable {
        public enum Stream: Sendable { case stdout, stderr }
        public var stream: Stream
        /// Nanoseconds since the epoch, as the engine stamped the line.
        public var timestamp: Int64
        public var text: String

        public init(stream: Stream, timestamp: Int64, text: String) {
            self.stream = stream
            self.timestamp = timestamp
            self.text = text
        }
    }

    /// Streams a container's output from after `afterNanoseconds` (the start when nil) to its end, or with
    /// `follow` until the container stops or the engine ends the stream: `receive` gets the complete lines of
    /// each chunk as it arrives. The next chunk is read once `receive` returns, so a slow receiver slows the
    /// reading, and the rest waits in the engine's log of the container, not in memory.
    public func streamLogs(
        ofContainer id: String, after afterNanoseconds: Int64?, follow: Bool,
        receive: @Sendable ([LogLine]) async throws -> Void
    ) async throws {
        var query = [("stdout", "1"), ("stderr", "1"), ("timestamps", "1"), ("follow", follow ? "1" : "0")]
        if let afterNanoseconds { query.append(("since", Self.since(afterNanoseconds))) }
        let path = "/containers/\(try Self.pathSafe(id))/logs"
        let response: HTTPClientResponse
        do {
            response = try await http.execute(try request(.GET, path, query: query), timeout: timeout)
        } catch {
            throw DockerEngineError.unreachable(socketPath, String(describing: error))
        }
        guard response.status == .ok else {
            let reply = Reply(status: response.status, body: try await response.body.collect(upTo: 1 << 20))
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: path)
        }
        var pending = ByteBuffer()
        for try await chunk in response.body {
            pending.writeImmutableBuffer(chunk)
            let lines = Self.logLines(&pending).filter { afterNanoseconds == nil || $0.timestamp > afterNanoseconds! }
            if !lines.isEmpty { try await receive(lines) }
        }
    }

    /// The engine's `since`: seconds with nine decimals. It keeps lines at that very instant, which callers drop.
    static func since(_ nanoseconds: Int64) -> String {
        let fraction = String(nanoseconds % 1_000_000_000)
        return "\(nanoseconds / 1_000_000_000).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }

    /// Takes the complete frames of `[stream, 0, 0, 0, size (4 bytes BE)]` + `<RFC 3339 time> <text>` from
    /// the buffer; an incomplete one stays for the next chunk.
    static func logLines(_ buffer: inout ByteBuffer) -> [LogLine] {
        var lines: [LogLine] = []
        while buffer.readableBytes >= 8, let header = buffer.getBytes(at: buffer.readerIndex, length: 8) {
            let size = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
            guard buffer.readableBytes >= 8 + size else { break }
            buffer.moveReaderIndex(forwardBy: 8)
            guard let payload = buffer.readBytes(length: size) else { break }
            guard let space = payload.firstIndex(of: UInt8(ascii: " ")),
                let timestamp = Self.nanoseconds(payload[..<space])
            else { continue }
            var text = payload[(space + 1)...]
            if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
            lines.append(
                LogLine(
                    stream: header[0] == 2 ? .stderr : .stdout, timestamp: timestamp,
                    text: String(decoding: text, as: UTF8.self)))
        }
        return lines
    }

    /// `2026-11-29T17:50:00.123456789Z` → nanoseconds since the epoch.
    static func nanoseconds(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.count >= 20, text.hasSuffix("Z") else { return nil }
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epochSeconds = Int64(timegm(&parts))
        var fraction: Int64 = 0
        if digits[19] == UInt8(ascii: ".") {
            let fractionDigits = digits[20..<(digits.count - 1)].prefix(9)
            guard let value = Int64(String(decoding: fractionDigits, as: UTF8.self)) else { return nil }
            fraction = value
            for _ in fractionDigits.count..<9 { fraction *= 10 }
        }
        return epochSeconds * 1_000_000_000 + fraction
    }
}
