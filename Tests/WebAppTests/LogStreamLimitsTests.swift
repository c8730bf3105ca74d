import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Live log streams are capped and end with their session: a stream opened before a logout does not keep
/// tailing, and one user cannot hold every connection.
@Suite("Live log stream limits", .tags(.db))
struct LogStreamLimitsTests {
    @Test(arguments: TestDatabase.enabled)
    func aStreamEndsSoonAfterItsSessionIsLoggedOut(_ database: TestDatabase) async throws {
        var config = testConfig()
        config.security.streamSessionCheckSeconds = 0.5
        try await withTestApp(database: database, config: config) { app in
            let bench = try await ServiceWorkbench(app)
            let (_, hash) = try await bench.serviceWithDeployment("web")
            let stream = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs/stream?max_seconds=60"
            let sameSession = APIClient(app)
            sameSession.cookies = bench.client.cookies
            let logout = Task {
                try await Task.sleep(for: .seconds(1))
                return try await sameSession.send(.DELETE, "/api/auth/logout").status
            }
            let started = ContinuousClock.now
            let tail = try await bench.client.send(.GET, stream)
            #expect(tail.status == .ok && tail.body.contains("event: ready"))
            #expect(try await logout.value == .noContent)
            #expect(ContinuousClock.now - started < .seconds(15), "the stream closed after the logout, not after 60 s")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func oneUserCannotOpenMoreThanTenStreams(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let (_, hash) = try await bench.serviceWithDeployment("web")
            let stream = "\(bench.base)/service-details/web/deployments/\(hash)/runtime-logs/stream?max_seconds=4"
            let open = (0..<10).map { _ in Task { try await bench.client.send(.GET, stream).status } }
            try await Task.sleep(for: .seconds(1.5))
            let eleventh = try await bench.client.send(.GET, stream)
            #expect(eleventh.status == .tooManyRequests && eleventh.headers.first(name: "Retry-After") != nil)
            for task in open { #expect(try await task.value == .ok) }
            #expect(
                try await bench.client.send(.GET, stream.replacingOccurrences(of: "=4", with: "=1")).status == .ok,
                "slots come back")
        }
    }
}
