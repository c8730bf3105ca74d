import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Git services through the API, against a git server on loopback: creation checks the repository and the
/// branch, records the source and the builder as pending changes, and refuses hostile input cleanly.
@Suite("Git services", .tags(.db), .serialized)
struct GitServiceTests {
    static let dockerfile = ["Dockerfile": "FROM zane-test/busybox:latest\nCOPY . /www\n", "index.html": "hello\n"]

    func create(_ bench: ServiceWorkbench, _ body: String) async throws -> TestResponse {
        try await bench.client.send(.POST, "\(bench.base)/create-service/git", json: body)
    }

    @Test(arguments: TestDatabase.enabled)
    func aDockerfileServiceWaitsWithItsSourceAndBuilder(_ database: TestDatabase) async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("app", files: Self.dockerfile)
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await create(
                bench,
                #"{"slug": "api", "repository_url": "git://127.0.0.1:\#(git.port)/app/", "branch_name": "main", "build_stage_target": "runtime"}"#
            )
            #expect(created.status == .created, "\(created.body)")
            let service = created.object
            #expect(service["type"] as? String == "GIT_REPOSITORY")
            #expect((service["id"] as? String)?.hasPrefix("srv_dkr_") == true)
            #expect(service["builder"] is NSNull && service["repository_url"] is NSNull, "nothing applied yet")
            let pending = try #require(service["unapplied_changes"] as? [[String: Any]])
            #expect(pending.map { $0["field"] as? String } == ["git_source", "builder"])
            let source = try #require(pending.first?["new_value"] as? [String: Any])
            #expect(source["repository_url"] as? String == git.url("app"), "trailing slash dropped, .git added")
            #expect(source["branch_name"] as? String == "main" && source["commit_sha"] as? String == "HEAD")
            let builder = try #require(pending.last?["new_value"] as? [String: Any])
            let options = try #require(builder["options"] as? [String: Any])
            #expect(builder["builder"] as? String == "DOCKERFILE")
            #expect(
                options["dockerfile_path"] as? String == "./Dockerfile"
                    && options["build_context_dir"] as? String == "./")
            #expect(options["build_stage_target"] as? String == "runtime")

            let cards = try await bench.client.send(.GET, "\(bench.base)/service-list").array
            let card = try #require(cards.first)
            #expect(card["type"] as? String == "git" && card["repository"] as? String == git.url("app"))
            #expect(card["branch"] as? String == "main" && card["git_provider"] is NSNull)
            #expect(card["status"] as? String == "NOT_DEPLOYED_YET")
        }
    }

    @Test func aStaticSiteGetsAURLAndItsCaddyfile() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("site", files: ["public/index.html": "hi\n", "public/404.html": "gone\n"])
        try await withTestApp(database: .sqlite) { app in
            let bench = try await ServiceWorkbench(app)
            let created = try await create(
                bench,
                #"{"slug": "site", "repository_url": "\#(git.url("site"))", "branch_name": "main", "builder": "STATIC_DIR", "publish_directory": "./public", "not_found_page": "./404.html"}"#
            )
            #expect(created.status == .created, "\(created.body)")
            let pending = try #require(created.object["unapplied_changes"] as? [[String: Any]])
            #expect(pending.map { $0["field"] as? String } == ["git_source", "urls", "builder"])
            let url = try #require(pending[1]["new_value"] as? [String: Any])
            #expect(url["associated_port"] as? Int == 80 && url["base_path"] as? String == "/")
            #expect((url["domain"] as? String)?.hasPrefix("shop-site-") == true)
            let options = try #require((pending[2]["new_value"] as? [String: Any])?["options"] as? [String: Any])
            let caddyfile = try #require(options["generated_caddyfile"] as? String)
            #expect(
                caddyfile.contains("rewrite @404 ./404.html")
                    && caddyfile.contains("root * {$PUBLIC_ROOT:/var/www/html}"))
        }
    }

    @Test func aMissingRepositoryOrBranchIsRefusedOnTheURLAndNothingIsCreated() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("app", files: Self.dockerfile)
        try await withTestApp(database: .sqlite) { app in
            let bench = try await ServiceWorkbench(app)
            let noBranch = try await create(
                bench, #"{"repository_url": "\#(git.url("app"))", "branch_name": "release"}"#)
            #expect(noBranch.status == .badRequest && noBranch.errorAttrs == ["repository_url"])
            #expect((noBranch.firstError["detail"] as? String)?.contains("has no branch `release`") == true)
            let noRepository = try await create(
                bench, #"{"repository_url": "\#(git.url("missing"))", "branch_name": "main"}"#)
            #expect(noRepository.status == .badRequest && noRepository.errorAttrs == ["repository_url"])
            #expect(
                (noRepository.firstError["detail"] as? String)?.hasPrefix(
                    "The specified repository or branch may not or does not exist") == true)
            let elsewhere = try await create(
                bench, #"{"repository_url": "https://git.example.com/app.git", "branch_name": "main"}"#)
            #expect(elsewhere.status == .badRequest && elsewhere.errorAttrs == ["repository_url"])
            #expect((elsewhere.firstError["detail"] as? String)?.contains("ZANE_GIT_ALLOWED_HOSTS") == true)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").array.isEmpty)
        }
    }

    @Test func hostileSourcesAndPathsAreRefusedBeforeGitRuns() async throws {
        let marker = NSTemporaryDirectory() + "zane-git-pwned-\(UUID().uuidString.prefix(6))"
        try await withTestApp(database: .sqlite) { app in
            let bench = try await ServiceWorkbench(app)
            let cases: [(String, String)] = [
                (#"{"repository_url": "ext::sh -c touch% \#(marker)", "branch_name": "main"}"#, "repository_url"),
                (#"{"repository_url": "file:///etc", "branch_name": "main"}"#, "repository_url"),
                (
                    #"{"repository_url": "https://:token@127.0.0.1/app.git", "branch_name": "main"}"#,
                    "repository_url"
                ),
                (
                    #"{"repository_url": "git://tok@127.0.0.1/app.git", "branch_name": "main"}"#,
                    "repository_url"
                ),
                (
                    #"{"repository_url": "https://127.0.0.1/app.git", "branch_name": "main", "access_token": "a b"}"#,
                    "access_token"
                ),
                (
                    #"{"repository_url": "https://u:t@127.0.0.1/app.git", "branch_name": "main", "access_token": "t"}"#,
                    "access_token"
                ),
                (#"{"repository_url": "http://127.0.0.1/a b.git", "branch_name": "main"}"#, "repository_url"),
                (
                    #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "--upload-pack=touch"}"#,
                    "branch_name"
                ),
                (#"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "a..b"}"#, "branch_name"),
                (
                    #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "main", "dockerfile_path": "../../etc/passwd"}"#,
                    "dockerfile_path"
                ),
                (
                    #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "main", "build_context_dir": "/"}"#,
                    "build_context_dir"
                ),
                (
                    #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "main", "builder": "BUILDPACKS"}"#,
                    "builder"
                ),
                (
                    #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "main", "git_app_id": "gh_1"}"#,
                    "git_app_id"
                ),
                (#"{"repository_url": "git://127.0.0.1/app.git"}"#, "branch_name"),
            ]
            for (body, attr) in cases {
                let response = try await create(bench, body)
                #expect(response.status == .badRequest && response.errorAttrs == [attr], "\(body): \(response.body)")
            }
            let nixpacks = try await create(
                bench, #"{"repository_url": "git://127.0.0.1/app.git", "branch_name": "main", "builder": "NIXPACKS"}"#)
            #expect(nixpacks.status == .badRequest && nixpacks.errorAttrs == ["builder"])
            #expect((nixpacks.firstError["detail"] as? String)?.contains("`nixpacks` program") == true)
            #expect(!FileManager.default.fileExists(atPath: marker), "no git transport ran a command")
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").array.isEmpty)
        }
    }

    struct CredentialsRow: Decodable { var git_credentials: String? }
    struct ChangeRow: Decodable { var new_value: String? }

    @Test(arguments: TestDatabase.enabled)
    func aPrivateRepositoryIsReadWithItsTokenWhichIsStoredSealedAndNeverShown(_ database: TestDatabase) async throws {
        let token = "glpat-\(UUID().uuidString.prefix(12))"
        let git = try GitTestServer(token: token)
        defer { git.stop() }
        try git.createRepository("app", files: Self.dockerfile)
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let url = git.url("app")
            let anonymous = try await create(
                bench, #"{"slug": "api", "repository_url": "\#(url)", "branch_name": "main"}"#)
            #expect(anonymous.status == .badRequest && anonymous.errorAttrs == ["repository_url"])
            #expect((anonymous.firstError["detail"] as? String)?.contains("give an access token") == true)
            let refused = try await create(
                bench,
                #"{"slug": "api", "repository_url": "\#(url)", "branch_name": "main", "access_token": "glpat-nope"}"#)
            #expect((refused.firstError["detail"] as? String)?.contains("refused the access token") == true)
            #expect(!refused.body.contains("glpat-nope"))

            let inURL = url.replacingOccurrences(of: "http://", with: "http://oauth2:\(token)@")
            let created = try await create(
                bench, #"{"slug": "api", "repository_url": "\#(inURL)", "branch_name": "main"}"#)
            #expect(created.status == .created, "\(created.body)")
            #expect(!created.body.contains(token) && created.object["has_access_token"] as? Bool == true)
            let source = try await bench.pending("api").first?["new_value"] as? [String: Any]
            #expect(source?["repository_url"] as? String == url, "recorded without the token")

            let stored = try await app.sql.raw("SELECT git_credentials FROM services").all(
                decoding: CredentialsRow.self)
            #expect(stored.count == 1 && stored.allSatisfy { $0.git_credentials?.hasPrefix("v1:") == true })
            #expect(!stored.contains { $0.git_credentials?.contains(token) == true })
            let changes = try await app.sql.raw("SELECT new_value FROM service_changes").all(decoding: ChangeRow.self)
            #expect(!changes.contains { $0.new_value?.contains(token) == true })

            let change = { (extra: String) in
                try await bench.change(
                    "api",
                    #"{"field": "git_source", "new_value": {"repository_url": "\#(url)", "branch_name": "main"\#(extra)}}"#
                )
            }
            let wrong = try await change(#", "access_token": "glpat-other""#)
            #expect(wrong.status == .badRequest && wrong.errorAttrs == ["new_value.repository_url"])
            let removed = try await change(#", "access_token": null"#)
            #expect((removed.firstError["detail"] as? String)?.contains("give an access token") == true)
            let kept = try await change("")
            #expect(kept.status == .ok, "no token sent: the service's own is used")
            let rotated = try await change(#", "access_token": "\#(token)""#)
            #expect(rotated.status == .ok && !rotated.body.contains(token))
            let read = try await bench.client.send(.GET, "\(bench.base)/service-details/api")
            #expect(read.object["has_access_token"] as? Bool == true && !read.body.contains(token))

            // A clone of the environment is a git service too, with the same source, builder and token.
            let clone = try await bench.client.send(
                .POST, "/api/projects/shop/clone-environment/production", json: #"{"name": "staging"}"#)
            #expect(clone.status == .created, "\(clone.body)")
            let copy = try await bench.client.send(.GET, "/api/projects/shop/staging/service-details/api").object
            #expect(copy["type"] as? String == "GIT_REPOSITORY" && copy["has_access_token"] as? Bool == true)
            #expect(copy["webhook_secret"] as? String != read.object["webhook_secret"] as? String)
            let copied = (copy["unapplied_changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(copied.contains("git_source") && copied.contains("builder") && !copied.contains("source"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func sourceAndBuilderChangeAsPendingChangesAndTheDockerRoutesLeaveGitServicesAlone(_ database: TestDatabase)
        async throws
    {
        let git = try GitTestServer()
        defer { git.stop() }
        try git.createRepository("app", files: Self.dockerfile)
        try git.commit(to: "app", branch: "next", files: ["index.html": "next\n"], message: "next")
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            let body = #"{"slug": "api", "repository_url": "\#(git.url("app"))", "branch_name": "main"}"#
            #expect(try await create(bench, body).status == .created)

            let missing = try await bench.change(
                "api",
                #"{"field": "git_source", "new_value": {"repository_url": "\#(git.url("app"))", "branch_name": "gone"}}"#
            )
            #expect(missing.status == .badRequest && missing.errorAttrs == ["new_value.repository_url"])
            let badSHA = try await bench.change(
                "api",
                #"{"field": "git_source", "new_value": {"repository_url": "\#(git.url("app"))", "branch_name": "next", "commit_sha": "xyz"}}"#
            )
            #expect(badSHA.status == .badRequest && badSHA.errorAttrs == ["new_value.commit_sha"])
            let moved = try await bench.change(
                "api",
                #"{"field": "git_source", "new_value": {"repository_url": "\#(git.url("app"))", "branch_name": "next"}}"#
            )
            #expect(moved.status == .ok, "\(moved.body)")
            let built = try await bench.change(
                "api", #"{"field": "builder", "new_value": {"builder": "STATIC_DIR", "is_spa": true}}"#)
            #expect(built.status == .ok, "\(built.body)")
            let pending = try await bench.pending("api")
            #expect(pending.count == 2, "each change replaces the pending one of its field")
            let source = pending.first { $0["field"] as? String == "git_source" }?["new_value"] as? [String: Any]
            #expect(source?["branch_name"] as? String == "next")
            let builder = pending.first { $0["field"] as? String == "builder" }?["new_value"] as? [String: Any]
            #expect(builder?["builder"] as? String == "STATIC_DIR")
            #expect(
                ((builder?["options"] as? [String: Any])?["generated_caddyfile"] as? String)?.contains("try_files")
                    == true)

            let image = try await bench.change("api", #"{"field": "source", "new_value": {"image": "nginx:alpine"}}"#)
            #expect(image.status == .badRequest && image.errorAttrs == ["field"])
            let dockerDeploy = try await bench.client.send(.PUT, "\(bench.base)/deploy-service/docker/api", json: "{}")
            #expect(dockerDeploy.status == .notFound, "a git service is not deployed as a docker one")
            let dockerArchive = try await bench.client.send(.DELETE, "\(bench.base)/archive-service/docker/api")
            #expect(dockerArchive.status == .notFound)
            let archived = try await bench.client.send(.DELETE, "\(bench.base)/archive-service/git/api")
            #expect(archived.status == .noContent)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").array.isEmpty)
        }
    }
}
