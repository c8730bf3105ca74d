import Foundation
import NIOCore
import Testing

@testable import DockerEngine

@Suite("Container logs")
struct ContainerLogTests {
    static func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let size = UInt32(payload.count)
        return [
            stream, 0, 0, 0, UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF),
        ] + payload
    }

    @Test func framesBecomeTimedLinesOfTheirStream() {
        var body = ByteBuffer(
            bytes:
                Self.frame(1, "2026-11-29T17:50:00.123456789Z hello\n") + Self.frame(2, "2026-11-29T17:50:01Z oops\n")
                + Self.frame(1, "2026-11-29T17:50:02.5Z no newline") + Self.frame(1, "not a timestamp\n"))
        let lines = DockerEngineClient.logLines(&body)
        #expect(
            lines == [
                .init(stream: .stdout, timestamp: 1_795_974_600_123_456_789, text: "hello"),
                .init(stream: .stderr, timestamp: 1_795_974_601_000_000_000, text: "oops"),
                .init(stream: .stdout, timestamp: 1_795_974_602_500_000_000, text: "no newline"),
            ])
    }

    @Test func aFrameSplitAcrossChunksWaitsForItsEnd() {
        let second = Self.frame(2, "2026-11-29T17:50:01Z two\n")
        var buffer = ByteBuffer(bytes: Self.frame(1, "2026-11-29T17:50:00Z one\n") + second.prefix(12))
        #expect(DockerEngineClient.logLines(&buffer).map(\.text) == ["one"])
        buffer.writeBytes(second.dropFirst(12))
        #expect(DockerEngineClient.logLines(&buffer).map(\.text) == ["two"] && buffer.readableBytes == 0)
    }
}
