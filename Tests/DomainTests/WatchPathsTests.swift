import Domain
import Testing

@Suite("Watch paths and push deliveries")
struct WatchPathsTests {
    @Test func globsStayInTheirSegmentsUnlessDoubled() {
        let paths = WatchPaths("src/**, docs/*.md\n*.json")
        #expect(paths.matchAny(["src/a/b/c.swift"]))
        #expect(paths.matchAny(["src"]) == true, "`**` may match nothing")
        #expect(paths.matchAny(["docs/intro.md"]))
        #expect(!paths.matchAny(["docs/deep/intro.md"]))
        #expect(paths.matchAny(["package.json"]))
        #expect(!paths.matchAny(["web/package.json", "README.md"]))
        #expect(WatchPaths(nil).matchAny(["anything"]) && WatchPaths("  ").matchAny([]))
        #expect(WatchPaths("a?c").matchAny(["abc"]) && !WatchPaths("a?c").matchAny(["ac"]))
    }

    @Test func aHostilePatternTakesNoTime() {
        let pattern = Array(repeating: "**", count: 200).joined(separator: "/") + "/x"
        let path = Array(repeating: "a", count: 500).joined(separator: "/")
        #expect(!WatchPaths(pattern).matchAny([path]))
        let stars = String(repeating: "*a", count: 500) + "b"
        #expect(!WatchPaths(stars).matchAny([String(repeating: "a", count: 2000)]))
    }

    @Test func gitHubPushesToBranchesAreReadAndTheRestIgnored() throws {
        let sha = String(repeating: "d", count: 40)
        let body: JSONValue = .object([
            "ref": "refs/heads/main", "after": .string(sha), "deleted": false,
            "repository": .object(["clone_url": "https://git.example.com/zane/app.git/"]),
            "head_commit": .object(["message": "title\n\nbody", "author": .object(["name": "Ada"])]),
            "commits": .array([.object(["added": .array(["a"]), "modified": .array(["b"]), "removed": .array(["c"])])]),
        ])
        let push = try #require(GitPush.github(body))
        #expect(push.branch == "main" && push.commitSHA == sha && push.message == "title" && push.authorName == "Ada")
        #expect(push.changedPaths == ["a", "b", "c"])
        #expect(push.repositoryURLs.contains("https://git.example.com/zane/app.git"))
        var tag = body
        if case .object(var fields) = tag {
            fields["ref"] = "refs/tags/v1"
            tag = .object(fields)
        }
        #expect(GitPush.github(tag) == nil)
        #expect(GitPush.github(.object(["ref": "refs/heads/main", "after": "HEAD"])) == nil)
    }
}
