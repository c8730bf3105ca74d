import Domain
import Foundation
import Testing

@testable import Engine

@Suite("Proxy access log")
struct AccessLogTests {
    static func line(hash: String? = "dpl_dkr_abc", method: String = "GET", status: Int = 200, uri: String = "/a?b=1")
        -> String
    {
        let responseHeaders = hash.map { #"{"X-Zane-Dpl-Hash":["\#($0)"],"X-Zane-Request-Id":["6f1c"]}"# } ?? "{}"
        return
            #"{"level":"info","ts":1790000000.25,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"172.18.0.1","#
            + #""remote_port":"1234","proto":"HTTP/1.1","method":"\#(method)","host":"web.zane.test","uri":"\#(uri)","headers":{"User-Agent":["curl/8"],"#
            + #""X-Forwarded-For":["203.0.113.9, 10.0.0.1"],"Cookie":["REDACTED"]}},"bytes_read":0,"user_id":"","duration":0.0015,"size":15,"#
            + #""status":\#(status),"resp_headers":\#(responseHeaders)}"#
    }

    @Test func aServiceRequestBecomesAnHTTPLog() throws {
        let parsed = try #require(AccessLogLine.parse(Substring(Self.line())))
        let log = parsed.log
        #expect(
            parsed.deploymentHash == "dpl_dkr_abc" && log.deploymentID == "dpl_dkr_abc" && log.requestUUID == "6f1c")
        #expect(log.path == "/a" && log.query == "b=1" && log.ip == "203.0.113.9" && log.userAgent == "curl/8")
        #expect(
            log.durationNanoseconds == 1_500_000 && log.time.microseconds == 1_790_000_000_250_000 && log.status == 200)
        #expect(AccessLogLine.parse(Substring(Self.line(uri: "/plain")))?.log.query == "")
    }

    @Test func linesThatAreNotServiceRequestsAreDropped() {
        #expect(AccessLogLine.parse(Substring(Self.line(hash: nil))) == nil, "no deployment answered")
        #expect(AccessLogLine.parse(Substring(Self.line(method: "BREW"))) == nil)
        #expect(AccessLogLine.parse(Substring(Self.line(status: 42))) == nil)
        #expect(AccessLogLine.parse("not json") == nil)
        #expect(AccessLogLine.parse(#"{"msg":"serving initial configuration"}"#) == nil)
    }

    @Test func theTailFollowsRotationsAndResumesWhereItStopped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zane-tail-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/access.log"
        func append(_ text: String, to path: String = log) throws {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
        var tail = AccessLogTail(directory: directory)
        #expect(tail.read().lines.isEmpty, "no file yet")
        try append("one\ntwo\npart")
        var (lines, position, _) = tail.read()
        #expect(lines == ["one", "two"], "a line being written waits")
        tail.commit(position)
        try append("ial\nthree\n")
        // The proxy rotates: the full file is renamed, a new one started.
        try FileManager.default.moveItem(atPath: log, toPath: directory + "/access-2026-11-29T17-00-00.000.log")
        try append("four\n")
        (lines, position, _) = tail.read()
        #expect(lines == ["partial", "three", "four"])
        tail.commit(position)
        try append("five\n")
        // A new process resumes from the stored position.
        var restarted = AccessLogTail(directory: directory)
        (lines, position, _) = restarted.read()
        #expect(lines == ["five"])
        restarted.commit(position)
        #expect(AccessLogTail(directory: directory).read().lines.isEmpty)
    }

    @Test func aLineLongerThanAReadIsSkippedAndCountedWithoutStallingTheTail() throws {
        let directory = NSTemporaryDirectory() + "zane-access-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/" + ProxySettings.accessLogName
        let huge = String(repeating: "x", count: 2500)
        try Data("one\n\(huge)\ntwo\n".utf8).write(to: URL(fileURLWithPath: log))
        var tail = AccessLogTail(directory: directory)
        var seen: [Substring] = []
        var skipped = 0
        for _ in 0..<10 {
            let (lines, position, skips) = tail.read(maxBytes: 1000)
            seen += lines
            skipped += skips
            tail.commit(position)
        }
        #expect(seen == ["one", "two"] && skipped == 1)
        let handle = try #require(FileHandle(forWritingAtPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("three\n".utf8))
        try handle.close()
        #expect(tail.read(maxBytes: 1000).lines == ["three"], "reading goes on after the long line")
    }
}
