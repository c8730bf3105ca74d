import Testing

@testable import Domain

@Suite("Git sources and builders")
struct GitRulesTests {
    @Test func repositoryURLsAreNormalisedAndOnlySafeTransportsPass() {
        #expect(GitRules.normalizedRepositoryURL("https://github.com/zane/app/") == "https://github.com/zane/app.git")
        #expect(GitRules.normalizedRepositoryURL("git://127.0.0.1:9418/app.git") == "git://127.0.0.1:9418/app.git")
        for hostile in [
            "ext::sh -c touch /tmp/x", "file:///etc/passwd", "/srv/repo.git", "ssh://git@github.com/a/b.git",
            "https://user:secret@github.com/a/b.git", "https://github.com/a b.git", "https://github.com/a.git?x=1",
            "https:///nohost.git", "https://github.com/a\n.git", "-uhttps://github.com/a.git",
        ] {
            #expect(GitRules.normalizedRepositoryURL(hostile) == nil, "\(hostile)")
        }
    }

    @Test func branchNamesFollowGitsRules() {
        for good in ["main", "release/2.0", "feature_x-1", "v1.2.3"] { #expect(GitRules.isBranchName(good), "\(good)") }
        for bad in [
            "", "-x", "--upload-pack=sh", "a..b", "a b", "a~1", "a^", "a:b", "x.lock", "a/", "/a", "a//b", "@", "a@{1}",
            "a/.b",
        ] {
            #expect(!GitRules.isBranchName(bad), "\(bad)")
        }
        #expect(GitRules.isCommitSHA("HEAD") && GitRules.isCommitSHA("0123abc") && !GitRules.isCommitSHA("0123ABC"))
        #expect(!GitRules.isCommitSHA("012345") && !GitRules.isCommitSHA(String(repeating: "a", count: 41)))
    }

    @Test func builderPathsStayInsideTheRepository() {
        for good in ["./", ".", "./Dockerfile", "app/Dockerfile", "a/../b", "./a/./b/"] {
            #expect(Builder.isRepositoryPath(good), "\(good)")
        }
        for bad in ["/", "/etc/passwd", "..", "../x", "a/../../b", "./../x"] {
            #expect(!Builder.isRepositoryPath(bad), "\(bad)")
        }
    }

    @Test func aStaticSitesCaddyfileServesTheSPAOrTheNotFoundPage() {
        var options = StaticDirectoryOptions()
        #expect(StaticSiteFiles.caddyfile(options).contains("file_server \n}"))
        options.notFoundPage = "./404.html"
        #expect(StaticSiteFiles.caddyfile(options).contains("rewrite @404 ./404.html"))
        options.isSPA = true
        let spa = StaticSiteFiles.caddyfile(options)
        #expect(spa.contains("try_files {path} ./index.html") && !spa.contains("@404"))
        #expect(StaticSiteFiles.dockerfile(baseImage: "caddy:alpine").contains("COPY ./repo/ /var/www/html/"))
    }

    @Test func sourceAndBuilderApplyAndAreStoredAsTheirFields() throws {
        let source = GitSource(repositoryURL: "https://github.com/zane/app.git", branchName: "main")
        var options = DockerfileOptions()
        options.dockerfilePath = "./docker/Dockerfile"
        let builder = Builder.dockerfile(options)
        let changes = [
            ServiceChange(
                serviceID: "srv", field: .gitSource, kind: .update, newValue: source.json, oldValue: nil,
                createdAt: Timestamp(microseconds: 0)),
            ServiceChange(
                serviceID: "srv", field: .builder, kind: .update, newValue: builder.json, oldValue: nil,
                createdAt: Timestamp(microseconds: 1)),
        ]
        let applied = ServiceConfiguration().applying(changes)
        #expect(applied.gitSource == source && applied.builder == builder)
        let service = Service(slug: "app", kind: .gitRepository, projectID: "p", environmentID: "e", createdAt: .now())
        let reread = ServiceConfiguration(service, items: applied.storedItems(serviceID: "srv"))
        #expect(reread.gitSource == source && reread.builder == builder)
        #expect(applied.fieldJSON(of: .builder)["builder"]?.string == "DOCKERFILE")
        #expect(Builder(json: ["builder": "STATIC_DIR"]) == .staticDirectory(StaticDirectoryOptions()))
        #expect(Builder(json: ["builder": "MAGIC"]) == nil)
    }
}
