import Domain
import Engine
import Foundation
import Logging
import Persistence
import TestSupport
import Testing
import Vapor

/// The log store: text search through its index (and past it), and retention by age, size and service.
@Suite("Log store")
struct LogStoreTests {
    static let second: Int64 = 1_000_000_000

    /// 12,000 lines, more than the newest lines a search tries first, so rare words go through the index.
    static func lines(deployment: String, service: String, start: Int64) -> [DeploymentLogLine] {
        (1...12_000).map { number in
            var content = "request \(number) served"
            if number % 1000 == 7 { content = "\u{1B}[31mNeedle\u{1B}[0m found in \(number)" }
            if number == 11 { content = "disk 100% full" }
            if number == 12 { content = "disk 1000 full" }
            return DeploymentLogLine(
                deploymentHash: deployment, serviceID: service, containerID: "c1", source: .service,
                level: number % 2 == 0 ? .error : .info,
                timestamp: start + Int64(number) * second, content: content)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func searchesFindExactlyTheMatchingLinesIndexedOrNot(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let logs = SQLDeploymentLogRepository(database: app.logStore)
            let start = Timestamp.now().microseconds * 1000 - 20_000 * Self.second
            let all = Self.lines(deployment: "dpl_a", service: "srv_a", start: start)
            try await logs.append(Array(all[..<8000]))
            // Part is indexed, part is not yet: both must be found.
            _ = try await logs.indexForSearch(limit: 6000)
            try await logs.append(Array(all[8000...]) + Self.lines(deployment: "dpl_b", service: "srv_a", start: start))
            func search(_ text: String, levels: Set<DeploymentLogLine.Level> = [.info, .error]) async throws -> [String]
            {
                var filter = LogFilter(sources: [.service])
                filter.text = text
                filter.levels = levels
                return try await logs.lines(deploymentHash: "dpl_a", filter: filter, from: nil, limit: 100).map(
                    \.content)
            }
            func expected(_ match: (DeploymentLogLine) -> Bool) -> [String] {
                all.filter(match).reversed().map(\.content)
            }
            let needles = expected { $0.content.contains("Needle") }
            #expect(needles.count == 12)
            #expect(try await search("needle") == needles, "case-insensitive, through the index and past it")
            #expect(
                try await search("NEEDLE FOUND IN 1")
                    == expected { $0.content.lowercased().contains("needle found in 1") })
            #expect(try await search("0% f") == ["disk 100% full"], "% is literal")
            #expect(try await search("1_0") == [], "_ is literal")
            #expect(
                try await search("ed") == Array(expected { $0.content.contains("ed") }.prefix(100)), "short words scan")
            #expect(
                try await search("needle", levels: [.error])
                    == expected { $0.content.contains("Needle") && $0.level == .error })
            _ = try await logs.indexForSearch(limit: 100_000)
            #expect(try await search("needle") == needles, "all indexed")
            #expect(try await search("nowhere to be found") == [])
            // PostgreSQL refuses NUL in text: it is stored as U+FFFD on both databases.
            try await logs.append([
                DeploymentLogLine(
                    deploymentHash: "dpl_a", serviceID: "srv_a", containerID: "c1", source: .service, level: .info,
                    timestamp: start + 50_000 * Self.second, content: "binary\0output")
            ])
            #expect(try await search("binary") == ["binary\u{FFFD}output"])
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func retentionDropsOldLinesThenTheOldestBeyondTheSizeAndThoseOfDeletedServices(_ database: TestDatabase)
        async throws
    {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let serviceID = try #require(try await bench.createService("web")["id"] as? String)
            let logs = SQLDeploymentLogRepository(database: app.logStore)
            let now = Timestamp.now().microseconds * 1000
            let old = Self.lines(deployment: "dpl_a", service: serviceID, start: now - 20 * 86_400 * Self.second)
            let recent = Self.lines(deployment: "dpl_b", service: serviceID, start: now - 20_000 * Self.second)
            let system = DeploymentLogLine(
                deploymentHash: "dpl_a", serviceID: serviceID, source: .system, level: .info,
                timestamp: now - 20 * 86_400 * Self.second,
                content: "Preparing deployment")
            let deleted = Self.lines(deployment: "dpl_c", service: "srv_gone", start: now - 20_000 * Self.second)
            try await logs.append(old + [system] + recent + deleted)
            _ = try await logs.indexForSearch(limit: 100_000)
            let retention = LogRetention(
                logs: logs, services: FluentServiceRepository(database: app.db, sealer: PlainSealer()),
                retentionDays: 14,
                maxBytes: 1 << 40, logger: Logger(label: "test"))
            #expect(try await retention.apply(now: .now()) == 24_000, "the old lines and the deleted service's")
            var filter = LogFilter(sources: [.service])
            #expect(try await logs.lines(deploymentHash: "dpl_a", filter: filter, from: nil, limit: 10).isEmpty)
            #expect(
                try await logs.lines(
                    deploymentHash: "dpl_a", filter: LogFilter(sources: [.system]), from: nil, limit: 10
                ).count == 1)
            #expect(try await logs.storedServiceIDs() == [serviceID])
            filter.text = "needle"
            #expect(try await logs.lines(deploymentHash: "dpl_b", filter: filter, from: nil, limit: 100).count == 12)

            // Text plus 200 bytes a line: about half of the 12,000 lines left fit.
            let half = LogRetention(
                logs: logs, services: FluentServiceRepository(database: app.db, sealer: PlainSealer()),
                retentionDays: 14,
                maxBytes: 6_000 * 220, logger: Logger(label: "test"))
            let halved = try await half.apply(now: .now())
            #expect((5_000...7_000).contains(halved), "the oldest half goes: \(halved)")
            #expect(try await half.apply(now: .now()) < 100, "then the store is about within its size")
            filter.text = nil
            let oldestLeft = try await logs.lines(
                deploymentHash: "dpl_b", filter: filter, from: LogCursor(timestamp: 0, descending: false), limit: 1)
            #expect(oldestLeft.first.map { $0.timestamp > now - 20_000 * Self.second + 5_000 * Self.second } == true)
            filter.text = "needle"
            let small = LogRetention(
                logs: logs, services: FluentServiceRepository(database: app.db, sealer: PlainSealer()),
                retentionDays: 14,
                maxBytes: 1, logger: Logger(label: "test"))
            let emptied = try await small.apply(now: .now())
            #expect(emptied > 5_000, "every service line goes when nothing fits: \(emptied)")
            #expect(try await logs.lines(deploymentHash: "dpl_b", filter: filter, from: nil, limit: 100).isEmpty)
            try await logs.append(Self.lines(deployment: "dpl_d", service: serviceID, start: now))
            _ = try await logs.indexForSearch(limit: 100_000)
            #expect(
                try await logs.lines(deploymentHash: "dpl_d", filter: filter, from: nil, limit: 100).count == 12,
                "the index still works")
        }
    }
}

/// Reads service ids only: no secret is sealed or opened.
struct PlainSealer: SecretSealer {
    func seal(_ plaintext: String) throws -> String { plaintext }
    func open(_ sealed: String) throws -> String { sealed }
    func lookupDigest(_ value: String) -> String { value }
}
