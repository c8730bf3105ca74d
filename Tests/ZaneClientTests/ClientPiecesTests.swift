import Foundation
import JSONCore
import Testing

@testable import ZaneClient

@Suite("Command-line client pieces")
struct ClientPiecesTests {
    @Test func serverSentEventsAreAssembledAcrossChunks() {
        var decoder = ServerSentEvents()
        #expect(decoder.feed("retry: 1000\nid: 7\nevent: ready\ndata: {}\n\nid: 8\nevent: log\nda").count == 1)
        let events = decoder.feed("ta: {\"a\":1}\n: keep-alive\n\nevent: end\r\ndata: {}\r\n\r\n")
        #expect(events == [.init(name: "log", data: #"{"a":1}"#, id: "8"), .init(name: "end", data: "{}", id: "8")])
        #expect(decoder.feed("data: one\ndata: two\n\n") == [.init(name: "message", data: "one\ntwo", id: "8")])
    }

    @Test func servicePathsHaveThreeNonEmptyParts() throws {
        let path = try ServicePath(parsing: "shop/production/web")
        #expect(path.environmentPath == "/api/projects/shop/production" && path.escapedService == "web")
        #expect(try ServicePath(parsing: "a b/c/d").environmentPath == "/api/projects/a%20b/c")
        for bad in ["shop", "shop/production", "shop//web", "a/b/c/d", ""] {
            #expect(throws: ClientError.self) { try ServicePath(parsing: bad) }
        }
        #expect(try EnvironmentPath(parsing: "shop/staging").apiPath == "/api/projects/shop/staging")
        #expect(throws: ClientError.self) { try EnvironmentPath(parsing: "shop") }
    }

    @Test func tablesAlignTheirColumns() {
        var table = TextTable(["slug", "status", "url"])
        table.add(["web", "HEALTHY", "-"])
        table.add(["a-longer-slug", "FAILED", "shop.example.com"])
        #expect(
            table.text == """
                SLUG           STATUS   URL
                web            HEALTHY  -
                a-longer-slug  FAILED   shop.example.com
                """)
    }

    @Test func credentialsComeFromTheEnvironmentFirstAndAreSavedForTheOwnerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zane-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["HOME": folder]
        let path = ClientCredentials.configPath(environment)
        #expect(path == folder + "/.config/zane/config.json")
        #expect(ClientCredentials.configPath(["XDG_CONFIG_HOME": "/x", "HOME": folder]) == "/x/zane/config.json")
        #expect(throws: ClientError.notSignedIn(url: nil)) { try ClientCredentials.load(environment) }

        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        chmod(path, 0o644)
        try ClientCredentials(url: "http://saved", token: "zane_saved").save(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "an existing wider file is narrowed")
        #expect(try ClientCredentials.load(environment) == ClientCredentials(url: "http://saved", token: "zane_saved"))
        let overridden = try ClientCredentials.load(environment.merging(["ZANE_TOKEN": "zane_env"]) { $1 })
        #expect(overridden == ClientCredentials(url: "http://saved", token: "zane_env"))
        #expect(ClientCredentials.forget(at: path) && !ClientCredentials.forget(at: path))
        #expect(
            try ClientCredentials.load(["HOME": folder, "ZANE_URL": "http://ci", "ZANE_TOKEN": "zane_ci"]).url
                == "http://ci")
    }

    @Test func sinceTakesAnAgeOrADate() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try RelativeTime.iso8601(since: "10m", now: now) == "2027-01-15T07:50:00.000Z")
        #expect(try RelativeTime.iso8601(since: "1d", now: now) == "2027-01-14T08:00:00.000Z")
        #expect(try RelativeTime.iso8601(since: "2026-12-05T10:00:00Z") == "2026-12-05T10:00:00Z")
        #expect(throws: ClientError.self) { try RelativeTime.iso8601(since: "yesterday") }
    }

    @Test func progressTicksStepsAndShowsAFailure() {
        let plain = Terminal(isInteractive: false, usesColor: false)
        var progress = DeploymentProgress(hash: "dpl_1")
        let changed = progress.update("PREPARING")
        let again = progress.update("PREPARING")
        #expect(changed && !again)
        #expect(
            progress.statusLine(frame: 0, elapsedSeconds: 3, terminal: plain)
                == "✔ queued  ⠋ preparing  · starting  · healthy  3s")
        _ = progress.update("BUILDING")
        #expect(
            progress.statusLine(frame: 1, elapsedSeconds: 4, terminal: plain).hasPrefix(
                "✔ queued  ✔ preparing  ⠙ building"))
        #expect(
            progress.update("FAILED") && DeploymentProgress.isFinal("FAILED") && !DeploymentProgress.isFinal("STARTING")
        )
        #expect(progress.statusLine(frame: 0, elapsedSeconds: 5, terminal: plain).contains("✘ failed"))
        #expect(progress.plainLine == "deployment dpl_1: FAILED")
        var healthy = DeploymentProgress(hash: "dpl_2")
        _ = healthy.update("HEALTHY")
        #expect(!healthy.statusLine(frame: 0, elapsedSeconds: 1, terminal: plain).contains("⠋"))
    }

    @Test func errorsSayWhatToDoNext() {
        #expect(ClientError.notSignedIn(url: nil).description.contains("zane login <url>"))
        #expect(ClientError.tokenRefused(url: "http://z").description.contains("zane login http://z"))
        let missing = ClientError.refused(status: 404, code: "not_found", detail: "No such project", attr: nil)
        #expect(missing.description.hasPrefix("No such project. Check the names with `zane projects`"))
        #expect(
            ClientError.refused(status: 400, code: "invalid", detail: "Bad.", attr: "slug").description == "slug: Bad.")
    }
}
