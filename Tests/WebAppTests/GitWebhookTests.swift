import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Push webhooks without an engine (deployments stay queued): who is authorised, what is deployed, and the
/// refusals. The end-to-end deploy of a push is in `GitBuildTests`.
@Suite("Push webhooks", .tags(.db), .serialized)
struct GitWebhookTests {
    func withGitService(
        _ database: TestDatabase, _ body: (ServiceWorkbench, GitTestServer, String, String) async throws -> Void
    ) async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        let sha = try git.createRepository("app", files: ["Dockerfile": "FROM scratch\n"])
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await bench.client.send(
                .POST, "\(bench.base)/create-service/git",
                json: #"{"slug": "app", "repository_url": "\#(git.url("app"))", "branch_name": "main"}"#)
            #expect(created.status == .created, "\(created.body)")
            let secret = try #require(created.object["webhook_secret"] as? String)
            #expect(secret.count == 32)
            // The source is applied by a first deploy: webhooks look at the applied one.
            #expect(try await bench.client.send(.PUT, "\(bench.base)/deploy-service/git/app").status == .ok)
            try await body(bench, git, secret, sha)
        }
    }

    func deploymentCount(_ bench: ServiceWorkbench) async throws -> Int {
        try await bench.client.send(.GET, "\(bench.base)/service-details/app/deployments").object["count"] as? Int ?? -1
    }

    @Test(arguments: TestDatabase.enabled)
    func aSignedGitHubPushQueuesItsCommitAndOthersAreRefused(_ database: TestDatabase) async throws {
        try await withGitService(database) { bench, git, secret, _ in
            let sha = String(repeating: "a", count: 40)
            let push = PushDelivery(repository: git.url("app"), sha: sha, message: "fix", paths: ["src/a.swift"])
            let answer = try await push.sendToGitHub(bench.client, secret: secret)
            #expect(answer.status == .ok, "\(answer.body)")
            let hash = try #require((answer.object["deployments"] as? [[String: Any]])?.first?["hash"] as? String)
            let deployment = try await bench.client.send(
                .GET, "\(bench.base)/service-details/app/deployments/\(hash)"
            ).object
            #expect(deployment["commit_sha"] as? String == sha && deployment["trigger_method"] as? String == "AUTO")
            #expect(deployment["commit_message"] as? String == "fix")
            #expect(deployment["commit_author_name"] as? String == "Ada")
            #expect(try await deploymentCount(bench) == 2)

            #expect(try await push.sendToGitHub(bench.client, secret: secret + "x").status == .forbidden)
            let unsigned = try await APIClient(bench.client.app).send(
                .POST, "/api/connectors/github/webhook", json: push.githubBody, headers: [("X-GitHub-Event", "push")])
            #expect(unsigned.status == .forbidden)
            #expect(unsigned.object["type"] as? String == "client_error")
            let stranger = PushDelivery(repository: git.url("other"), sha: sha, message: "x", paths: [])
            #expect(try await stranger.sendToGitHub(bench.client, secret: secret).status == .notFound)
            let ping = try await push.sendToGitHub(bench.client, secret: secret, event: "ping")
            #expect(ping.status == .ok && (ping.object["deployments"] as? [Any])?.isEmpty == true)
            var otherBranch = push
            otherBranch.branch = "feature"
            let skipped = try await otherBranch.sendToGitHub(bench.client, secret: secret)
            #expect(
                (skipped.object["skipped"] as? [[String: Any]])?.first?["reason"] as? String
                    == "the service deploys another branch")
            let form = try await APIClient(bench.client.app).send(
                .POST, "/api/connectors/github/webhook", body: "payload=%7B%7D",
                contentType: "application/x-www-form-urlencoded", headers: [("X-GitHub-Event", "push")])
            #expect(form.status == .badRequest && form.body.contains("application/json"))
            #expect(try await deploymentCount(bench) == 2, "nothing else was deployed")
        }
    }

    @Test func aGitLabPushNeedsTheTokenAndAutoDeployOn() async throws {
        try await withGitService(.sqlite) { bench, git, secret, _ in
            let push = PushDelivery(
                repository: git.url("app"), sha: String(repeating: "b", count: 40), message: "m", paths: ["a"])
            #expect(try await push.sendToGitLab(bench.client, token: "wrong-token-0000000").status == .forbidden)
            let off = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"auto_deploy_enabled": false}"#)
            #expect(off.status == .ok)
            let skipped = try await push.sendToGitLab(bench.client, token: secret)
            #expect(
                (skipped.object["skipped"] as? [[String: Any]])?.first?["reason"] as? String == "auto-deploy is off")
            _ = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"auto_deploy_enabled": true}"#)
            let deployed = try await push.sendToGitLab(bench.client, token: secret)
            #expect((deployed.object["deployments"] as? [[String: Any]])?.count == 1, "\(deployed.body)")
        }
    }

    @Test func theSecretCanBeSetButNotToSomethingWeak() async throws {
        try await withGitService(.sqlite) { bench, git, _, _ in
            let short = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"webhook_secret": "short"}"#)
            #expect(short.status == .badRequest && short.body.contains("webhook_secret"))
            let spaced = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"webhook_secret": "has a space in it, see"}"#)
            #expect(spaced.status == .badRequest)
            let chosen = "my-own-secret-from-github"
            let set = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/app", json: #"{"webhook_secret": "\#(chosen)"}"#)
            #expect(set.status == .ok && set.object["webhook_secret"] as? String == chosen)
            let push = PushDelivery(
                repository: git.url("app"), sha: String(repeating: "c", count: 40), message: "m", paths: [])
            #expect(try await push.sendToGitHub(bench.client, secret: chosen).status == .ok)
            try await bench.createService("web")
            let docker = try await bench.client.send(
                .PATCH, "\(bench.base)/service-details/web", json: #"{"webhook_secret": "\#(chosen)"}"#)
            #expect(docker.status == .badRequest && docker.body.contains("Only git services"))
        }
    }
}
