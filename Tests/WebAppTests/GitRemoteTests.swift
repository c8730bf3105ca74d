import Domain
import Engine
import Foundation
import TestSupport
import Testing

/// `git ls-remote` as Zane runs it, against a git server on loopback and against ones that misbehave.
@Suite("Git remote")
struct GitRemoteTests {
    @Test func aBranchHeadIsFoundAndAMissingBranchIsTold() async throws {
        let git = try GitTestServer()
        defer { git.stop() }
        let sha = try git.createRepository("app", files: ["README": "hi\n"])
        let remote = GitRemoteCLI()
        #expect(await remote.branchHead(repository: git.url("app"), branch: "main") == .commit(sha))
        #expect(await remote.branchHead(repository: git.url("app"), branch: "nope") == .branchMissing)
    }

    @Test func aSilentServerTimesOutAndAClosedOneIsUnreachableWithoutItsURL() async throws {
        let silent = try PortHolder()  // listens, never answers
        defer { silent.close() }
        let started = Date()
        let waited = await GitRemoteCLI(timeoutSeconds: 1).branchHead(
            repository: "git://127.0.0.1:\(silent.port)/app.git", branch: "main")
        #expect(waited == .unreachable(reason: "the repository did not answer in time"))
        #expect(Date().timeIntervalSince(started) < 10, "bounded by the timeout")

        let closed = try PortHolder.freePort()
        let url = "git://127.0.0.1:\(closed)/secret-path.git"
        guard case .unreachable(let reason) = await GitRemoteCLI().branchHead(repository: url, branch: "main") else {
            Issue.record("a closed port answered")
            return
        }
        #expect(!reason.contains("secret-path") && !reason.isEmpty, "\(reason)")
    }
}
