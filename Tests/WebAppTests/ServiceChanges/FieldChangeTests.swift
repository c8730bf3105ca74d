import Foundation
import TestSupport
import Testing

@Suite("Service changes: source, command, health check, resource limits", .tags(.db))
struct FieldChangeTests {
    @Test(arguments: TestDatabase.enabled)
    func aFieldChangeReplacesThePendingOneAndSkipsWhatIsApplied(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            #expect(try await bench.change("web", #"{"field": "command", "new_value": "sh -c 'one'"}"#).status == .ok)
            let first = try #require(try await bench.pending("web").last)
            _ = try await bench.change("web", #"{"field": "command", "type": "UPDATE", "new_value": "two"}"#)
            let pending = try await bench.pending("web")
            #expect(pending.count == 2)
            #expect(
                pending.last?["id"] as? String == first["id"] as? String
                    && pending.last?["new_value"] as? String == "two")
            #expect(pending.last?["old_value"] is NSNull)
            #expect(
                try await bench.change("web", #"{"field": "command", "new_value": "  "}"#).firstError["attr"] as? String
                    == "new_value")

            try await applyPendingChanges(app, bench, "web")
            let applied = try await bench.details("web")
            #expect(applied["command"] as? String == "two" && applied["image"] as? String == "nginx:alpine")
            #expect(try await bench.change("web", #"{"field": "command", "new_value": "two"}"#).status == .ok)
            #expect(try await bench.pending("web").isEmpty, "a value equal to the applied one is not recorded")
            _ = try await bench.change("web", #"{"field": "command", "new_value": null}"#)
            let cleared = try #require(try await bench.pending("web").first)
            #expect(cleared["new_value"] is NSNull && cleared["old_value"] as? String == "two")
            _ = try await bench.change("web", #"{"field": "source", "new_value": {"image": "nginx:alpine"}}"#)
            #expect(try await bench.pending("web").count == 1, "the applied image again is not a change")
            _ = try await bench.change("web", #"{"field": "source", "new_value": {"image": "redis:7"}}"#)
            let source = try #require(try await bench.pending("web").last)
            #expect((source["old_value"] as? [String: Any])?["image"] as? String == "nginx:alpine")
            #expect(
                (source["old_value"] as? [String: Any])?.keys.sorted() == [
                    "container_registry_credentials", "credentials", "image",
                ])
            let badImage = try await bench.change("web", #"{"field": "source", "new_value": {"image": "UPPER/Case"}}"#)
            #expect(badImage.firstError["attr"] as? String == "new_value.image")
            let registry = try await bench.change(
                "web",
                #"{"field": "source", "new_value": {"image": "redis", "container_registry_credentials_id": "x"}}"#)
            #expect(registry.firstError["attr"] as? String == "new_value.container_registry_credentials_id")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func healthChecksFollowTheirTypeRules(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            func attrs(_ value: String) async throws -> [String] {
                try await bench.change("web", #"{"field": "healthcheck", "new_value": \#(value)}"#).attrs
            }
            #expect(try await attrs(#"{"type": "HTTP", "value": "/"}"#) == ["new_value.type"])
            #expect(try await attrs(#"{"type": "PATH", "value": "/up"}"#) == ["new_value.associated_port"])
            #expect(try await attrs(#"{"type": "PATH", "value": "up", "associated_port": 80}"#) == ["new_value.value"])
            #expect(
                try await attrs(#"{"type": "PATH", "value": "/up?x=1", "associated_port": 80}"#) == ["new_value.value"])
            #expect(
                try await attrs(#"{"type": "PATH", "value": "/../etc", "associated_port": 80}"#) == ["new_value.value"])
            #expect(
                try await attrs(#"{"type": "COMMAND", "value": "true", "associated_port": 80}"#) == [
                    "new_value.associated_port"
                ])
            #expect(
                try await attrs(#"{"type": "COMMAND", "value": "true", "timeout_seconds": 4, "interval_seconds": 2}"#)
                    == ["new_value.timeout_seconds", "new_value.interval_seconds"])
            let long = String(repeating: "x", count: 256)
            #expect(try await attrs(#"{"type": "COMMAND", "value": "\#(long)"}"#) == ["new_value.value"])
            #expect(try await bench.pending("web").count == 1)

            let valid = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "PATH", "value": "/up", "associated_port": "8080"}}"#)
            #expect(valid.status == .ok)
            let value = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(
                value["timeout_seconds"] as? Int == 30 && value["interval_seconds"] as? Int == 30
                    && value["associated_port"] as? Int == 8080)
            try await applyPendingChanges(app, bench, "web")
            let healthcheck = try #require(try await bench.details("web")["healthcheck"] as? [String: Any])
            #expect(
                (healthcheck["id"] as? String)?.hasPrefix("htc_") == true && healthcheck["type"] as? String == "PATH")
            _ = try await bench.change(
                "web",
                #"{"field": "healthcheck", "new_value": {"type": "PATH", "value": "/up", "associated_port": 8080, "timeout_seconds": 30}}"#
            )
            #expect(try await bench.pending("web").isEmpty, "the same settings again are not a change")
            _ = try await bench.change(
                "web", #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "true"}}"#)
            let command = try #require(try await bench.pending("web").first?["new_value"] as? [String: Any])
            #expect(command["associated_port"] == nil, "unsent optional keys stay absent")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func resourceLimitsStayWithinTheServer(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let cpus = ProcessInfo.processInfo.processorCount
            func errors(_ value: String) async throws -> TestResponse {
                try await bench.change("web", #"{"field": "resource_limits", "new_value": \#(value)}"#)
            }
            #expect(try await errors(#"{"cpus": 0.05}"#).attrs == ["new_value.cpus"])
            let tooMany = try await errors(#"{"cpus": \#(cpus + 1)}"#)
            #expect(tooMany.details == ["Cannot exceed \(cpus) CPUs."])
            #expect(
                try await errors(#"{"memory": {"value": 5, "unit": "MEGABYTES"}}"#).details == [
                    "Cannot limit a service memory to less than 6 MiB."
                ])
            let huge = try await errors(#"{"memory": {"value": 100000, "unit": "GIGABYTES"}}"#)
            #expect(huge.attrs == ["new_value.memory.value"])
            #expect(
                huge.details.first?.hasPrefix("The maximum memory limit on this server is ") == true
                    && huge.details.first?.hasSuffix(" gb.") == true)
            #expect(try await errors(#"{"memory": {"unit": "MEGABYTES"}}"#).attrs == ["new_value.memory.value"])
            #expect(
                try await errors(#"{"memory": {"value": 64, "unit": "PETABYTES"}}"#).attrs == ["new_value.memory.unit"])
            #expect(
                try await errors(#"{"memory": {"value": 9223372036854775807, "unit": "GIGABYTES"}}"#).status
                    == .badRequest)
            #expect(try await bench.pending("web").count == 1)

            #expect(try await errors(#"{"cpus": 0.5, "memory": {"value": 64}}"#).status == .ok)
            let limits = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(
                limits["cpus"] as? Double == 0.5
                    && (limits["memory"] as? [String: Any])?["unit"] as? String == "MEGABYTES")
            _ = try await errors("{}")
            let kept = try await bench.pending("web")
            #expect(
                kept.count == 2, "an empty object asks for no limits, which is what is applied: nothing is recorded")
            #expect(
                (kept.last?["new_value"] as? [String: Any])?["cpus"] as? Double == 0.5,
                "and the pending change stays as it was")
        }
    }
}
