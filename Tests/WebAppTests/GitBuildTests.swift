import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Git services built on the real engine from a git server on loopback, and served through the real proxy.
@Suite(
    "Building git services", .tags(.e2e), .serialized,
    .enabled(if: TestEnvironment.dockerEnabled, "needs a Docker engine with a swarm (E2E_DOCKER=1)"))
struct GitBuildTests {
    let docker = DockerEngineClient(socketPath: "/var/run/docker.sock")

    static func app(_ page: String, extra: String = "") -> [String: String] {
        [
            "Dockerfile":
                "FROM zane-test/busybox:latest\n\(extra)COPY index.html /www/index.html\nCMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\"]\n",
            "index.html": page,
        ]
    }

    static let url =
        #"{"field": "urls", "type": "ADD", "new_value": {"domain": "app.zane.test", "base_path": "/", "associated_port": 80}}"#

    /// A git service `app` on the repository, with a URL and the busybox health check, not yet deployed.
    func createService(_ bench: ServiceWorkbench, _ git: GitTestServer, builder: String = "") async throws {
        let created = try await bench.client.send(
            .POST, "\(bench.base)/create-service/git",
            json: #"{"slug": "app", "repository_url": "\#(git.url("app"))", "branch_name": "main"\#(builder)}"#)
        #expect(created.status == .created, "\(created.body)")
        #expect(try await bench.change("app", Self.url).status == .ok)
    }

    func deployGit(_ bench: ServiceWorkbench, _ body: String = "{}") async throws -> String {
        let response = try await bench.client.send(.PUT, "\(bench.base)/deploy-service/git/app", json: body)
        #expect(response.status == .ok, "\(response.body)")
        return try #require(response.object["hash"] as? String)
    }

    func buildLog(_ bench: ServiceWorkbench, _ hash: String) async throws -> [[String: Any]] {
        try await bench.client.send(
            .GET, "\(bench.base)/service-details/app/deployments/\(hash)/build-logs?per_page=500"
        ).object["results"] as? [[String: Any]] ?? []
    }

    @Test func aDockerfileRepositoryIsBuiltDeployedAndRedeployedOnAPush() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        let first = try git.createRepository("app", files: Self.app("v1\n"))
        var proxy = try EngineTestApp.proxy()
        proxy.drainSeconds = 2
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            try await createService(bench, git)
            #expect(try await bench.change("app", EngineTestApp.healthy).status == .ok)
            let hash = try await deployGit(bench)
            let done = try await bench.waitForEnd("app", hash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            #expect(done["commit_sha"] as? String == first && done["commit_message"] as? String == "first")
            #expect(done["build_started_at"] is String && done["build_finished_at"] is String)
            let log = try await buildLog(bench, hash)
            let lines = log.compactMap { $0["content"] as? String }
            #expect(lines.contains { $0.contains("RUNNING DOCKER BUILD") })
            #expect(
                log.contains { $0["source"] as? String == "BUILD" && ($0["content"] as? String ?? "").contains("COPY") }
            )
            let client = ProxyClient(port: proxy.httpPort)
            #expect(try await client.waitFor("app.zane.test") { $0.body == "v1\n" }.body == "v1\n")

            // A push, signed as GitHub signs, deployed while requests keep coming: none fails.
            let second = try git.commit(to: "app", files: ["index.html": "v2\n"], message: "second page")
            let details = try await bench.details("app")
            let secret = try #require(details["webhook_secret"] as? String)
            let push = PushDelivery(
                repository: git.url("app"), sha: second, message: "second page", paths: ["index.html"])
            let load = Task {
                var failures: [String] = []
                while !Task.isCancelled {
                    do {
                        let answer = try await client.getRetryingClosedConnection("app.zane.test")
                        if answer.status != 200 { failures.append("\(answer.status) \(answer.body.prefix(80))") }
                    } catch {
                        // The request the loop's own cancellation interrupts is not a failure of the switch.
                        if !Task.isCancelled { failures.append("\(error)") }
                    }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return failures
            }
            let delivered = try await push.sendToGitHub(bench.client, secret: secret)
            #expect(delivered.status == .ok, "\(delivered.body)")
            let queued = try #require((delivered.object["deployments"] as? [[String: Any]])?.first?["hash"] as? String)
            let pushed = try await bench.waitForEnd("app", queued)
            #expect(pushed["status"] as? String == "HEALTHY", "\(pushed["status_reason"] ?? "")")
            #expect(pushed["commit_sha"] as? String == second && pushed["trigger_method"] as? String == "AUTO")
            #expect(
                pushed["commit_message"] as? String == "second page" && pushed["commit_author_name"] as? String == "Ada"
            )
            #expect(try await client.waitFor("app.zane.test") { $0.body == "v2\n" }.body == "v2\n")
            load.cancel()
            let failures = await load.value
            #expect(failures.isEmpty, "no request failed during the switch: \(failures)")

            // A replay, a bad signature and a push outside the watch paths deploy nothing.
            func deploymentCount() async throws -> Int? {
                try await bench.client.send(.GET, "\(bench.base)/service-details/app/deployments").object["count"]
                    as? Int
            }
            let before = try await deploymentCount()
            let replay = try await push.sendToGitHub(bench.client, secret: secret)
            #expect(replay.status == .ok && (replay.object["deployments"] as? [Any])?.isEmpty == true)
            let third = try git.commit(to: "app", files: ["index.html": "v3\n"], message: "third page")
            let next = PushDelivery(
                repository: git.url("app"), sha: third, message: "third page", paths: ["index.html"])
            #expect(try await next.sendToGitHub(bench.client, secret: "not-the-secret-at-all").status == .forbidden)
            let watch = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"watch_paths": "src/**"}"#)
            #expect(watch.status == .ok, "\(watch.body)")
            let outside = try await next.sendToGitHub(bench.client, secret: secret)
            #expect(outside.status == .ok && (outside.object["deployments"] as? [Any])?.isEmpty == true)
            #expect(try await deploymentCount() == before, "\(outside.body)")

            // The deploy token deploys the branch's head, watch paths or not.
            let token = try #require(details["deploy_token"] as? String)
            let accepted = try await bench.client.send(.PUT, "/api/deploy-service/git/\(token)", json: "{}")
            #expect(accepted.status == .accepted, "\(accepted.body)")
            let listed =
                try await bench.client.send(.GET, "\(bench.base)/service-details/app/deployments")
                .object["results"] as? [[String: Any]] ?? []
            let newest = try #require(
                listed.max { ($0["queued_at"] as? String ?? "") < ($1["queued_at"] as? String ?? "") })
            let byToken = try await bench.waitForEnd("app", try #require(newest["hash"] as? String))
            #expect(byToken["status"] as? String == "HEALTHY" && byToken["commit_sha"] as? String == third)
            #expect(byToken["trigger_method"] as? String == "API")
            #expect(try await client.waitFor("app.zane.test") { $0.body == "v3\n" }.body == "v3\n")

            // The same commit again: every layer comes from the cache.
            let warm = try await deployGit(bench)
            #expect(try await bench.waitForEnd("app", warm)["status"] as? String == "HEALTHY")
            let warmLines = try await buildLog(bench, warm).compactMap { $0["content"] as? String }
            #expect(warmLines.filter { $0.contains("Using cache") }.count >= 2, "\(warmLines)")

            // Redeploying the first deployment with the cache reuses its image: nothing is built.
            let redeployed = try await bench.client.send(
                .PUT, "\(bench.base)/redeploy-service/git/app/\(hash)", json: #"{"ignore_build_cache": false}"#)
            let again = try #require(redeployed.object["hash"] as? String, "\(redeployed.body)")
            #expect(try await bench.waitForEnd("app", again)["status"] as? String == "HEALTHY")
            let againLines = try await buildLog(bench, again).compactMap { $0["content"] as? String }
            #expect(againLines.contains { $0.contains("Using the image") && $0.contains(first) }, "\(againLines)")
            #expect(!againLines.contains { $0.contains("RUNNING DOCKER BUILD") })
            #expect(try await client.waitFor("app.zane.test") { $0.body == "v1\n" }.body == "v1\n")

            // Two more commits make five images: the oldest one, which no container uses any more, goes.
            for page in ["v4\n", "v5\n"] {
                _ = try git.commit(to: "app", files: ["index.html": page], message: page)
                #expect(try await bench.waitForEnd("app", try await deployGit(bench))["status"] as? String == "HEALTHY")
                try await untilNoContainer(ofDeployment: again)
            }
            let projectID = try #require(details["project_id"] as? String)
            let tags = try await docker.images(labelled: ["zane-project=\(projectID)"]).flatMap { $0.repoTags ?? [] }
            #expect(tags.count == 4, "the newest four are kept: \(tags)")
            #expect(!tags.contains { $0.hasSuffix(":\(first)") }, "\(tags)")
        }
    }

    /// Waits until the containers of a replaced deployment are gone (the engine keeps an image they use).
    func untilNoContainer(ofDeployment hash: String) async throws {
        for _ in 0..<100 {
            if try await docker.containers(labelled: ["zane-deployment=\(hash)"]).isEmpty { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func aStaticDirectoryIsServedWithItsNotFoundPageThenAsASinglePageApp() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository(
            "app",
            files: ["public/index.html": "home\n", "public/about.html": "about\n", "public/404.html": "gone\n"])
        let proxy = try EngineTestApp.proxy()
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            try await createService(
                bench, git,
                builder: #", "builder": "STATIC_DIR", "publish_directory": "./public", "not_found_page": "./404.html""#)
            let hash = try await deployGit(bench)
            let done = try await bench.waitForEnd("app", hash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            let client = ProxyClient(port: proxy.httpPort)
            #expect(try await client.waitFor("app.zane.test", "/about.html") { $0.status == 200 }.body == "about\n")
            let missing = try await client.get("app.zane.test", "/nothing/here")
            #expect(missing.status == 404 && missing.body == "gone\n")

            let spa =
                #"{"field": "builder", "new_value": {"builder": "STATIC_DIR", "publish_directory": "./public", "is_spa": true, "index_page": "./index.html"}}"#
            #expect(try await bench.change("app", spa).status == .ok)
            let second = try await deployGit(bench)
            #expect(try await bench.waitForEnd("app", second)["status"] as? String == "HEALTHY")
            let route = try await client.waitFor("app.zane.test", "/dashboard/settings") { $0.status == 200 }
            #expect(route.body == "home\n", "a route of the app gets its index page")
        }
    }

    @Test func aPrivateRepositoryIsBuiltWithItsTokenWhichNoLogShows() async throws {
        let token = "ghp_\(UUID().uuidString.prefix(16))"
        let git = try GitTestServer(token: token)
        defer { git.stop() }
        let sha = try git.createRepository("app", files: Self.app("private\n"))
        try await withEngineApp(docker) { app, bench, _ in
            try await createService(bench, git, builder: #", "access_token": "\#(token)""#)
            #expect(try await bench.change("app", EngineTestApp.healthy).status == .ok)
            let hash = try await deployGit(bench)
            let done = try await bench.waitForEnd("app", hash)
            #expect(done["status"] as? String == "HEALTHY", "\(done["status_reason"] ?? "")")
            #expect(done["commit_sha"] as? String == sha)
            let lines = try await buildLog(bench, hash).compactMap { $0["content"] as? String }
            #expect(lines.contains { $0.contains("Cloning repository \(git.url("app"))") })
            #expect(!lines.contains { $0.contains(token) }, "\(lines)")
            let deployment = try await bench.client.send(
                .GET, "\(bench.base)/service-details/app/deployments/\(hash)")
            #expect(!deployment.body.contains(token))
            #expect(git.requestLog.filter { $0.hasPrefix("POST") }.allSatisfy { $0.hasSuffix(" yes") })
        }
    }

    @Test func aFailingBuildFailsWithTheBuildersErrorAndTheLastDeploymentServes() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("app", files: Self.app("v1\n"))
        let proxy = try EngineTestApp.proxy()
        try await withEngineApp(docker, proxy: proxy) { app, bench, _ in
            try await createService(bench, git)
            let hash = try await deployGit(bench)
            #expect(try await bench.waitForEnd("app", hash)["status"] as? String == "HEALTHY")
            _ = try git.commit(to: "app", files: ["Dockerfile": "FORM zane-test/busybox:latest\n"], message: "typo")
            let broken = try await deployGit(bench)
            let failed = try await bench.waitForEnd("app", broken)
            #expect(failed["status"] as? String == "FAILED")
            #expect((failed["status_reason"] as? String ?? "").contains("FORM"), "\(failed["status_reason"] ?? "")")
            let lines = try await buildLog(bench, broken).compactMap { $0["content"] as? String }
            #expect(lines.contains { $0.contains("unknown instruction") && $0.contains("FORM") }, "\(lines)")
            let client = ProxyClient(port: proxy.httpPort)
            let answer = try await client.get("app.zane.test")
            #expect(answer.status == 200 && answer.headers.first(name: "x-zane-dpl-hash") == hash)
        }
    }

    @Test func aCancelledBuildStopsAtOnceAndLeavesNothingBehind() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("app", files: Self.app("v1\n", extra: "RUN sleep 47\n"))
        try await withEngineApp(docker) { app, bench, _ in
            try await createService(bench, git)
            let hash = try await deployGit(bench)
            for _ in 0..<240 {
                let lines = try await buildLog(bench, hash).compactMap { $0["content"] as? String }
                if lines.contains(where: { $0.contains("sleep 47") }) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(try await bench.deployment("app", hash)["status"] as? String == "BUILDING")
            try await Task.sleep(for: .seconds(1))
            let asked = Date()
            let cancel = try await bench.client.send(.PUT, "\(bench.base)/cancel-deployment/app/\(hash)")
            #expect(cancel.status == .ok, "\(cancel.body)")
            let ended = try await bench.waitForEnd("app", hash)
            #expect(ended["status"] as? String == "CANCELLED")
            #expect(Date().timeIntervalSince(asked) < 10, "the build stopped instead of running to its end")
            try await Task.sleep(for: .seconds(2))
            #expect(try Self.containers(running: "sleep 47").isEmpty, "no build container is left")
            #expect(Self.buildDirectories(named: hash).isEmpty, "no checkout is left")
        }
    }

    /// Containers, running or not, whose command holds `text` (the builder's intermediate ones have no label).
    static func containers(running text: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker")
        process.arguments = ["ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Command}}"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.split(separator: "\n").filter { $0.contains(text) }.map(String.init)
    }

    static func buildDirectories(named hash: String) -> [String] {
        let temporary = FileManager.default.temporaryDirectory.path
        let roots = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        return roots.filter { $0.hasPrefix("zane-builds-") }.map { "\(temporary)/\($0)/\(hash)" }.filter {
            FileManager.default.fileExists(atPath: $0)
        }
    }
}
