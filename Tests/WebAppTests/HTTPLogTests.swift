import Domain
import Foundation
import Persistence
import TestSupport
import Testing
import Vapor

/// HTTP logs as stored records and through their API (`api.md` §11); collection from the proxy is
/// covered by the routing tests on the real engine.
@Suite("HTTP logs")
struct HTTPLogTests {
    static let base = Timestamp(microseconds: 1_790_000_000_000_000)

    static func log(
        _ number: Int, service: String, deployment: String, status: Int = 200, host: String = "web.zane.test",
        path: String = "/",
        query: String = "", method: String = "GET", duration: Int64 = 1_000
    ) -> HTTPLog {
        HTTPLog(
            id: String(format: "00000000-0000-0000-0000-%012d", number),
            time: Timestamp(microseconds: base.microseconds + Int64(number) * 1_000_000),
            serviceID: service, deploymentID: deployment, requestUUID: "req-\(number)", status: status, method: method,
            requestProtocol: "HTTP/1.1", host: host, path: path, query: query, ip: "10.0.0.\(number % 3)",
            userAgent: "agent/\(number % 2)",
            durationNanoseconds: duration, requestHeaders: ["User-Agent": [.string("agent/\(number % 2)")]],
            responseHeaders: ["X-Zane-Dpl-Hash": [.string(deployment)]])
    }

    /// A service with one (queued) deployment, and ten logs of it.
    func seed(_ app: Application, _ bench: ServiceWorkbench) async throws -> (service: String, deployment: String) {
        let (service, deployment) = try await bench.serviceWithDeployment("web")
        let logs = (1...10).map { number in
            Self.log(
                number, service: service, deployment: deployment, status: [200, 404, 502, 308][number % 4],
                host: number <= 5 ? "web.zane.test" : "api.zane.test",
                path: number % 2 == 0 ? "/even" : "/odd", query: number == 3 ? "Search=Zane&x=1" : "",
                method: number == 7 ? "POST" : "GET",
                duration: Int64(11 - number) * 1_000)
        }
        try await SQLHTTPLogRepository(database: app.db).insert(logs)
        try await SQLHTTPLogRepository(database: app.db).insert([logs[0]])  // a re-read stores nothing twice
        return (service, deployment)
    }

    func uuids(_ response: TestResponse) -> [String] {
        (response.object["results"] as? [[String: Any]] ?? []).compactMap { $0["request_uuid"] as? String }
    }

    @Test(arguments: TestDatabase.enabled)
    func filtersSelectExactlyTheMatchingLogs(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (service, deployment) = try await seed(app, bench)
            func list(_ query: String) async throws -> [String] {
                uuids(try await bench.client.send(.GET, "/api/http-logs?service_id=\(service)\(query)"))
            }
            #expect(try await list("") == (1...10).reversed().map { "req-\($0)" }, "newest first")
            #expect(try await list("&request_host=web.zane.test") == ["req-5", "req-4", "req-3", "req-2", "req-1"])
            #expect(try await list("&request_host=web.zane.test&request_path=/even") == ["req-4", "req-2"])
            #expect(try await list("&status=4xx") == ["req-9", "req-5", "req-1"])
            #expect(try await list("&status=502&status=308") == ["req-10", "req-7", "req-6", "req-3", "req-2"])
            #expect(try await list("&request_method=POST") == ["req-7"])
            #expect(try await list("&request_query=search%3Dz") == ["req-3"], "a case-insensitive prefix")
            #expect(try await list("&request_query=%25") == [], "% is literal")
            let after = Timestamp(microseconds: Self.base.microseconds + 3_000_000).iso8601
            let before = Timestamp(microseconds: Self.base.microseconds + 5_000_000).iso8601
            #expect(
                try await list("&time_after=\(after)&time_before=\(before)") == ["req-5", "req-4", "req-3"],
                "bounds are inclusive")
            #expect(try await list("&sort_by=request_duration_ns") == (1...10).reversed().map { "req-\($0)" })
            #expect(try await list("&sort_by=-request_duration_ns") == (1...10).map { "req-\($0)" })
            #expect(
                uuids(try await bench.client.send(.GET, "/api/http-logs?deployment_id=\(deployment)&per_page=2")) == [
                    "req-10", "req-9",
                ])

            #expect(try await list("&user_agent=x&request_user_agent=agent/1").count == 5)
            #expect(uuids(try await bench.client.send(.GET, "/api/http-logs")).isEmpty, "no scope: nothing")
            #expect(uuids(try await bench.client.send(.GET, "/api/http-logs?service_id=srv_dkr_nobody")).isEmpty)
            let invalid = try await bench.client.send(
                .GET, "/api/http-logs?service_id=\(service)&status=abc&request_method=BREW&time_after=yesterday")
            #expect(
                invalid.status == .badRequest && Set(invalid.errorAttrs) == ["status", "request_method", "time_after"])
            #expect(
                try await bench.client.send(.GET, "/api/http-logs?service_id=\(service)&sort_by=size").status
                    == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cursorsWalkForwardAndBack(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (service, _) = try await seed(app, bench)
            var page = try await bench.client.send(.GET, "/api/http-logs?service_id=\(service)&per_page=4")
            var seen: [String] = uuids(page)
            #expect(page.object["previous"] is NSNull)
            while let next = page.object["next"] as? String {
                let url = try #require(URLComponents(string: next))
                #expect(
                    url.queryItems?.contains { $0.name == "service_id" && $0.value == service } == true,
                    "the filters are kept")
                page = try await bench.client.send(.GET, url.path + "?" + (url.percentEncodedQuery ?? ""))
                seen += uuids(page)
            }
            #expect(seen == (1...10).reversed().map { "req-\($0)" })
            let previousLink = try #require(page.object["previous"] as? String)
            let previous = try #require(URLComponents(string: previousLink))
            let back = try await bench.client.send(.GET, previous.path + "?" + (previous.percentEncodedQuery ?? ""))
            #expect(uuids(back) == ["req-6", "req-5", "req-4", "req-3"])
            let broken = try await bench.client.send(.GET, "/api/http-logs?service_id=\(service)&cursor=bm90LWpzb24")
            #expect(broken.status == .ok && uuids(broken).isEmpty && broken.object["next"] is NSNull)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func oneLogFieldValuesAndRetention(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (service, deployment) = try await seed(app, bench)
            let one = try await bench.client.send(.GET, "/api/http-logs/req-3")
            #expect(
                one.status == .ok && one.object["request_query"] as? String == "Search=Zane&x=1"
                    && one.object["deployment_id"] as? String == deployment)
            #expect(
                one.object.keys.sorted() == [
                    "deployment_id", "id", "request_duration_ns", "request_headers", "request_host", "request_ip",
                    "request_method", "request_path",
                    "request_protocol", "request_query", "request_user_agent", "request_uuid", "response_headers",
                    "service_id", "stack_id",
                    "stack_service_name", "status", "time",
                ])
            #expect(try await bench.client.send(.GET, "/api/http-logs/req-404").status == .notFound)

            let hosts = try await bench.client.send(
                .GET, "/api/http-logs/fields?field=request_host&value=&service_id=\(service)")
            #expect(hosts.json as? [String] == ["api.zane.test", "web.zane.test"])
            let paths = try await bench.client.send(
                .GET, "/api/http-logs/fields?field=request_path&value=/e&deployment_hash=\(deployment)")
            #expect(paths.json as? [String] == ["/even"])
            let unscoped = try await bench.client.send(.GET, "/api/http-logs/fields?field=request_host&value=w")
            #expect(unscoped.status == .badRequest && unscoped.errorAttrs == ["non_field_errors"])
            #expect(
                try await bench.client.send(.GET, "/api/http-logs/fields?field=status&value=&service_id=\(service)")
                    .status == .badRequest)

            let removed = try await SQLHTTPLogRepository(database: app.db).deleteLogs(
                before: Timestamp(microseconds: Self.base.microseconds + 5_500_000))
            #expect(removed == 5)
            #expect(
                uuids(try await bench.client.send(.GET, "/api/http-logs?service_id=\(service)"))
                    == (6...10).reversed().map { "req-\($0)" })
        }
    }
}
