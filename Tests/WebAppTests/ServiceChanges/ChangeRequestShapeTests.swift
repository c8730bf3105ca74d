import Foundation
import TestSupport
import Testing

@Suite("Service changes: request shape", .tags(.db))
struct ChangeRequestShapeTests {
    @Test(arguments: TestDatabase.enabled)
    func fieldTypeItemIDAndNewValueAreCheckedInOrder(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let unknownField = try await bench.change("web", #"{"field": "colour", "type": "ADD", "new_value": {}}"#)
            #expect(unknownField.status == .badRequest && unknownField.firstError["attr"] as? String == "field")
            #expect(unknownField.errorCodes == ["invalid_choice"])
            let noType = try await bench.change(
                "web", #"{"field": "ports", "new_value": {"host": 8080, "forwarded": 80}}"#)
            #expect(noType.firstError["attr"] as? String == "type" && noType.errorCodes == ["required"])
            let addOnField = try await bench.change("web", #"{"field": "command", "type": "ADD", "new_value": "sh"}"#)
            #expect(addOnField.firstError["attr"] as? String == "type")
            let schemaFirst = try await bench.change(
                "web", #"{"field": "ports", "type": "UPDATE", "new_value": {"host": "x"}}"#)
            #expect(
                Set(schemaFirst.attrs) == ["new_value.host", "new_value.forwarded"],
                "the schema stage reports every error at once")
            let noItem = try await bench.change("web", #"{"field": "ports", "type": "DELETE"}"#)
            #expect(noItem.firstError["attr"] as? String == "item_id")
            let noValue = try await bench.change("web", #"{"field": "env_variables", "type": "ADD"}"#)
            #expect(noValue.firstError["attr"] as? String == "new_value")
            let notAnObject = try await bench.change(
                "web", #"{"field": "urls", "type": "ADD", "new_value": "example.com"}"#)
            #expect(notAnObject.firstError["attr"] as? String == "new_value.non_field_errors")
            let missingKey = try await bench.change("web", #"{"field": "healthcheck"}"#)
            #expect(missingKey.firstError["attr"] as? String == "new_value" && missingKey.errorCodes == ["required"])
            #expect(try await bench.pending("web").count == 1, "nothing but the source change was recorded")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func gitOnlyFieldsAreAcceptedButNotRecordedOnDockerServices(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let response = try await bench.change("web", #"{"field": "builder", "new_value": {"builder": "NIXPACKS"}}"#)
            #expect(response.status == .ok)
            #expect(try await bench.pending("web").count == 1)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func itemChangesTargetExistingItemsOnlyOnceAtATime(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            let missing = try await bench.change(
                "web", #"{"field": "env_variables", "type": "DELETE", "item_id": "env_dkr_nope"}"#)
            #expect(missing.firstError["attr"] as? String == "item_id")
            #expect(
                missing.firstError["detail"] as? String
                    == "Env variable with id `env_dkr_nope` does not exist for this service.")
            #expect(
                try await bench.change(
                    "web", #"{"field": "env_variables", "type": "ADD", "new_value": {"key": "A", "value": "1"}}"#
                ).status == .ok)
            try await applyPendingChanges(app, bench, "web")
            let variable = try #require((try await bench.details("web")["env_variables"] as? [[String: Any]])?.first)
            let id = try #require(variable["id"] as? String)
            #expect(id.hasPrefix("env_dkr_"))
            let update = try await bench.change(
                "web",
                #"{"field": "env_variables", "type": "UPDATE", "item_id": "\#(id)", "new_value": {"key": "A", "value": "2"}}"#
            )
            #expect(update.status == .ok)
            let change = try #require((update.object["unapplied_changes"] as? [[String: Any]])?.last)
            #expect(change["item_id"] as? String == id && change["type"] as? String == "UPDATE")
            #expect((change["old_value"] as? [String: Any])?["value"] as? String == "1")
            let conflicting = try await bench.change(
                "web", #"{"field": "env_variables", "type": "DELETE", "item_id": "\#(id)"}"#)
            #expect(conflicting.status == .badRequest && conflicting.firstError["attr"] as? String == "item_id")
            #expect(
                (conflicting.firstError["detail"] as? String)?.hasPrefix(
                    "Cannot make conflicting changes for the field `env_variables` with id `\(id)`") == true)
            let pendingUpdate = try #require(
                try await bench.pending("web").first { $0["item_id"] as? String == id }?["id"] as? String)
            #expect(try await bench.cancel("web", change: pendingUpdate).status == .noContent)
            let delete = try await bench.change(
                "web", #"{"field": "env_variables", "type": "DELETE", "item_id": "\#(id)", "new_value": {"key": "B"}}"#)
            #expect(delete.status == .ok)
            let recorded = try #require(try await bench.pending("web").last)
            #expect(
                recorded["new_value"] is NSNull && recorded["type"] as? String == "DELETE", "DELETE ignores new_value")
        }
    }
}

extension TestResponse {
    var attrs: [String] { (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["attr"] as? String } }
    var details: [String] { (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String } }
}
