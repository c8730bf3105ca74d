import Domain
import Foundation
import Persistence
import TestSupport
import Testing
import Vapor

/// Runtime logs through their API (`api.md` §10.1); collection from real containers is covered on the engine.
@Suite("Runtime logs")
struct RuntimeLogTests {
    @Test(arguments: TestDatabase.enabled)
    func levelTextAndTimeFiltersSelectExactlyTheMatchingLines(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (serviceID, hash) = try await bench.serviceWithDeployment("web")
            let now = Timestamp.now().microseconds * 1000
            let second: Int64 = 1_000_000_000
            let health = "\u{1B}[32mGET /Health 200\u{1B}[0m"
            func line(_ number: Int) -> DeploymentLogLine {
                let level: DeploymentLogLine.Level = number % 3 == 0 ? .error : .info
                let content = number == 2 ? health : "line \(number) 100%"
                return DeploymentLogLine(
                    deploymentHash: hash, serviceID: serviceID, containerID: "c1", source: .service, level: level,
                    timestamp: now - Int64(10 - number) * second, content: content)
            }
            let lines = (1...6).map(line)
            let old = DeploymentLogLine(
                deploymentHash: hash, serviceID: serviceID, containerID: "c1", source: .service, level: .info,
                timestamp: now - 20 * 86_400 * second,
                content: "three weeks ago")
            let system = DeploymentLogLine.system(
                "Preparing deployment", deployment: fakeDeployment(hash, serviceID), at: .now())
            try await SQLDeploymentLogRepository(database: app.logStore).append(lines + [old, system])
            let url = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs"
            func contents(_ query: String) async throws -> [String] {
                let page = try await bench.client.send(.GET, url + query)
                return (page.object["results"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
            }
            #expect(
                try await contents("")
                    == (1...6).reversed().map { $0 == 2 ? "\u{1B}[32mGET /Health 200\u{1B}[0m" : "line \($0) 100%" },
                "newest first, service lines of the last 14 days only")
            #expect(try await contents("?level=ERROR") == ["line 6 100%", "line 3 100%"])
            #expect(try await contents("?query=HEALTH") == ["\u{1B}[32mGET /Health 200\u{1B}[0m"], "case-insensitive")
            #expect(try await contents("?query=0%25").count == 5, "% is literal")
            #expect(try await contents("?query=%20%20").count == 6, "blank is no filter")
            let after = Timestamp(microseconds: (now - 8 * second) / 1000).iso8601
            let before = Timestamp(microseconds: (now - 6 * second) / 1000).iso8601
            let bounded = try await contents("?time_after=\(after)&time_before=\(before)")
            #expect(bounded == ["line 4 100%", "line 3 100%", health], "\(after) \(before) \(bounded)")
            let threeWeeksBack = Timestamp(microseconds: (now - 21 * 86_400 * second) / 1000).iso8601
            #expect(
                try await contents("?time_after=\(threeWeeksBack)").last == "three weeks ago",
                "explicit bounds widen the window")
            #expect(
                try await contents("?time_after=9999-01-01T00:00:00Z").isEmpty, "far times are clamped, not overflowed")
            #expect(try await contents("?time_before=0001-01-01T00:00:00Z&time_after=0001-01-01T00:00:00Z").isEmpty)
            let invalid = try await bench.client.send(.GET, url + "?level=DEBUG&time_after=soon")
            #expect(invalid.status == .badRequest && Set(invalid.errorAttrs) == ["level", "time_after"])
            let entry = try #require(
                try await bench.client.send(.GET, url + "?query=health").object["results"] as? [[String: Any]]
            ).first
            #expect(
                entry?["content_text"] as? String == "GET /Health 200" && entry?["source"] as? String == "SERVICE"
                    && entry?["container_id"] as? String == "c1")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func withContextReturnsTheLinesAroundAMomentOldestFirst(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (serviceID, hash) = try await bench.serviceWithDeployment("web")
            let start: Int64 = 1_764_000_000_000_000_000
            let lines = (1...30).map { number in
                DeploymentLogLine(
                    deploymentHash: hash, serviceID: serviceID, containerID: "c1", source: .service,
                    level: number % 2 == 0 ? .error : .info,
                    timestamp: start + Int64(number) * 1000, content: "line \(number)")
            }
            let system = DeploymentLogLine.system(
                "Preparing deployment", deployment: fakeDeployment(hash, serviceID),
                at: Timestamp(microseconds: start / 1000 + 10))
            try await SQLDeploymentLogRepository(database: app.logStore).append(lines + [system])
            let url = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs/with-context"
            let around = try await bench.client.send(.GET, "\(url)/\(start + 10_000)?lines=5").object
            #expect(
                (around["results"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
                    == (7...13).map { "line \($0)" })
            #expect(around["before_count"] as? Int == 3 && around["after_count"] as? Int == 4)
            let defaults = try await bench.client.send(.GET, "\(url)/\(start + 28_000)").object
            #expect(
                defaults["before_count"] as? Int == 10 && defaults["after_count"] as? Int == 3,
                "20 lines by default; only 3 at or after line 28")
            #expect((defaults["results"] as? [[String: Any]])?.last?["content"] as? String == "line 30")
            for bad in ["?lines=4", "?lines=many"] {
                let answer = try await bench.client.send(.GET, "\(url)/\(start)\(bad)")
                #expect(answer.status == .badRequest && answer.errorAttrs == ["lines"], "\(bad)")
            }
            #expect(try await bench.client.send(.GET, "\(url)/yesterday").status == .notFound)
            #expect(try await bench.client.send(.GET, "\(url)/99999999999999999999999").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func theLiveTailSendsNewLinesAsEventsAndResumesAfterTheLastOneSeen(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (serviceID, hash) = try await bench.serviceWithDeployment("web")
            let logs = SQLDeploymentLogRepository(database: app.logStore)
            func line(_ text: String, _ level: DeploymentLogLine.Level = .info) -> DeploymentLogLine {
                DeploymentLogLine(
                    deploymentHash: hash, serviceID: serviceID, containerID: "c1", source: .service, level: level,
                    timestamp: Timestamp.now().microseconds * 1000, content: text)
            }
            try await logs.append([line("before the stream")])
            // Where a stream opened now starts: given explicitly, so a slow start cannot miss the lines.
            let start = try await logs.linesStored(
                after: nil, deploymentHash: hash, filter: LogFilter(sources: [.service]), limit: 0
            ).resumeAt
            let stream = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs/stream"
            let url = stream + "?max_seconds=2&after=\(start)"
            let short = stream + "?max_seconds=1"
            // Lines stored while the stream is open arrive; the one stored before it opened does not.
            let writer = Task {
                try await Task.sleep(for: .milliseconds(600))
                try await logs.append([line("first"), line("second", .error), line("third")])
            }
            let live = try await bench.client.send(.GET, url)
            try await writer.value
            #expect(live.status == .ok && live.headers.first(name: .contentType) == "text/event-stream")
            let events = Self.events(live.body)
            #expect(
                events.filter { $0.event == "log" }.map { $0.data["content"] as? String } == [
                    "first", "second", "third",
                ])
            let ids = events.compactMap { Int64($0.id) }
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
            // Resuming after the first line gives the two after it; filters apply.
            let firstID = try #require(events.first { $0.data["content"] as? String == "first" }?.id)
            let resumed = try await bench.client.send(.GET, short, headers: [("Last-Event-ID", firstID)])
            #expect(
                Self.events(resumed.body).filter { $0.event == "log" }.map { $0.data["content"] as? String } == [
                    "second", "third",
                ])
            let errors = try await bench.client.send(.GET, short + "&level=ERROR&after=0")
            #expect(
                Self.events(errors.body).filter { $0.event == "log" }.map { $0.data["content"] as? String } == [
                    "second"
                ])
            let searched = try await bench.client.send(.GET, short + "&query=IRS&after=0")
            #expect(
                Self.events(searched.body).filter { $0.event == "log" }.map { $0.data["content"] as? String } == [
                    "first"
                ])
            for bad in ["?after=-1", "?max_seconds=0", "?level=DEBUG"] {
                #expect(try await bench.client.send(.GET, stream + bad).status == .badRequest, "\(bad)")
            }
        }
    }

    static func events(_ body: String) -> [(id: String, event: String, data: [String: Any])] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var fields: [String: String] = [:]
            for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            guard let event = fields["event"] else { return nil }
            let data =
                (try? JSONSerialization.jsonObject(with: Data((fields["data"] ?? "{}").utf8))) as? [String: Any] ?? [:]
            return (fields["id"] ?? "", event, data)
        }
    }

    func fakeDeployment(_ hash: String, _ serviceID: String) -> Deployment {
        Deployment(
            hash: hash, serviceID: serviceID, slot: .blue, trigger: .manual, commitMessage: "", snapshot: nil,
            changes: [], queuedAt: .now())
    }
}
