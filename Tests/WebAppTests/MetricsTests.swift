import DockerEngine
import Domain
import Engine
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing
import Vapor

/// Metrics through their API (`api.md` §12); sampling real containers is covered on the engine.
@Suite("Metrics")
struct MetricsTests {
    @Test(arguments: TestDatabase.enabled)
    func bucketsAverageAndSumTheSamplesOfTheRange(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (serviceID, hash) = try await bench.serviceWithDeployment("web")
            // Two samples in each of two 30-second buckets, plus one older than the hour and one of another deployment.
            let bucket = MetricBuckets.start(of: Timestamp.now().microseconds / 1_000_000, width: 30) - 300
            func sample(_ seconds: Int64, cpu: Double, deployment: String? = nil) -> MetricSample {
                MetricSample(
                    serviceID: serviceID, deploymentHash: deployment ?? hash,
                    time: Timestamp(microseconds: seconds * 1_000_000), cpuPercent: cpu,
                    memoryBytes: Int64(cpu) * 1000, networkReceivedBytes: 10, networkSentBytes: 20, diskReadBytes: 30,
                    diskWrittenBytes: 40)
            }
            try await SQLMetricsRepository(database: app.db).append([
                sample(bucket + 1, cpu: 10), sample(bucket + 29, cpu: 30), sample(bucket + 30, cpu: 50),
                sample(bucket + 45, cpu: 70),
                sample(bucket - 7200, cpu: 99), sample(bucket + 31, cpu: 90, deployment: "other"),
            ])
            let service = try await bench.client.send(.GET, "\(bench.base)/service-details/web/metrics")
            let buckets = try #require(service.json as? [[String: Any]])
            #expect(buckets.map { $0["avg_cpu"] as? Double } == [20, 70])
            #expect(buckets.map { $0["avg_memory"] as? Double } == [20_000, 70_000])
            #expect(
                buckets.map { $0["total_net_rx"] as? Int } == [20, 30]
                    && buckets.map { $0["total_disk_write"] as? Int } == [80, 120])
            #expect(buckets.first?["bucket_epoch"] as? String == Timestamp(microseconds: bucket * 1_000_000).iso8601)
            let deployment = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/deployments/\(hash)/metrics?time_range=LAST_HOUR")
            #expect((deployment.json as? [[String: Any]])?.map { $0["avg_cpu"] as? Double } == [20, 60])
            let day = try #require(
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/metrics?time_range=LAST_DAY").json
                    as? [[String: Any]])
            #expect(
                day.count >= 2 && day.map { $0["total_net_tx"] as? Int }.reduce(0) { $0 + ($1 ?? 0) } == 120,
                "every sample of the day")
            let invalid = try await bench.client.send(
                .GET, "\(bench.base)/service-details/web/metrics?time_range=LAST_YEAR")
            #expect(invalid.status == .badRequest && invalid.errorAttrs == ["time_range"])
            #expect(
                try await bench.client.send(.GET, "\(bench.base)/service-details/web/deployments/nope/metrics").status
                    == .notFound)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func mergingOldSamplesChangesNoAnswerAndRetentionDropsTheOldest(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let serviceID = try #require(try await bench.createService("web")["id"] as? String)
            let repository = SQLMetricsRepository(database: app.db)
            // On a whole minute: every range's window then moves on minute boundaries only.
            let now = Timestamp.now().microseconds / 60_000_000 * 60
            // A sample a minute over the last 40 days.
            let samples = (0..<(40 * 1440)).map { (minute: Int) -> MetricSample in
                let time = Timestamp(microseconds: (now - Int64(minute) * 60) * 1_000_000)
                let value = Int64(minute)
                return MetricSample(
                    serviceID: serviceID, deploymentHash: "d\(minute / 5000)", time: time,
                    cpuPercent: Double(value % 97),
                    memoryBytes: value % 89 * 1024, networkReceivedBytes: value, networkSentBytes: value * 2,
                    diskReadBytes: value % 7,
                    diskWrittenBytes: value % 11)
            }
            for start in stride(from: 0, to: samples.count, by: 2000) {
                try await repository.append(Array(samples[start..<min(start + 2000, samples.count)]))
            }
            func answers() async throws -> [String: [[String: Any]]] {
                var answers: [String: [[String: Any]]] = [:]
                for range in MetricsTimeRange.allCases {
                    answers[range.rawValue] = try #require(
                        try await bench.client.send(
                            .GET, "\(bench.base)/service-details/web/metrics?time_range=\(range.rawValue)"
                        ).json as? [[String: Any]])
                }
                return answers
            }
            // The answers before and after the merge must come within one minute, or a window moves between them.
            let second = Timestamp.now().microseconds / 1_000_000 % 60
            if second > 15 { try await Task.sleep(for: .seconds(Int(61 - second))) }
            let before = try await answers()
            let collector = MetricsCollector(
                docker: DockerEngineClient(socketPath: "/nonexistent"), deployments: NoDeployments(),
                metrics: repository, instance: "test",
                retentionDays: 30, logger: Logger(label: "test"))
            try await collector.houseKeeping(now: Timestamp(microseconds: now * 1_000_000))
            let after = try await answers()
            for range in MetricsTimeRange.allCases {
                let (old, new) = (before[range.rawValue] ?? [], after[range.rawValue] ?? [])
                #expect(old.count == new.count && !new.isEmpty, "\(range)")
                for (a, b) in zip(old, new) {
                    #expect(
                        a["bucket_epoch"] as? String == b["bucket_epoch"] as? String
                            && a["total_net_tx"] as? Int == b["total_net_tx"] as? Int)
                    #expect(abs((a["avg_cpu"] as? Double ?? -1) - (b["avg_cpu"] as? Double ?? -2)) < 1e-6)
                    #expect(abs((a["avg_memory"] as? Double ?? -1) - (b["avg_memory"] as? Double ?? -2)) < 1e-3)
                }
            }
            let rows =
                try await (app.db as! any SQLDatabase).select().column(
                    SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
                )
                .from("service_metrics").first()?.decode(column: "n", as: Int.self) ?? 0
            // 60 raw, 60 of 5 min, 72 of 15 min, 144 hourly and 31 daily rows, a few more where the deployment changes.
            #expect(rows < 400, "\(rows) rows")
            let month = after["LAST_MONTH"] ?? []
            #expect(
                month.count <= 31
                    && (month.first?["bucket_epoch"] as? String ?? "")
                        >= Timestamp(microseconds: (now - 31 * 86_400) * 1_000_000).iso8601
            )
        }
    }
}

/// No deployment to sample: house-keeping alone.
struct NoDeployments: DeploymentRepository {
    func create(_ deployment: Deployment) async throws {}
    func update(_ deployment: Deployment) async throws {}
    func requestCancel(hash: String) async throws {}
    func setStatus(_ status: Deployment.Status, reason: String?, hash: String, by writer: StatusWriter) async throws
        -> Bool
    { false }
    func deployment(hash: String, serviceID: String) async throws -> Deployment? { nil }
    func serviceID(ofDeployment hash: String) async throws -> String? { nil }
    func deployments(serviceID: String) async throws -> [Deployment] { [] }
    func deployments(statuses: Set<Deployment.Status>) async throws -> [Deployment] { [] }
    func production(serviceID: String) async throws -> Deployment? { nil }
    func latestStatuses(serviceIDs: [String]) async throws -> [String: LatestDeployment] { [:] }
}
