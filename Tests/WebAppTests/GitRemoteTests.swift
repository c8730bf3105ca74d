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
        #expect(await remote.branchHead(repository: git.url("app"), branch: "main", credentials: nil) == .commit(sha))
        #expect(await remote.branchHead(repository: git.url("app"), branch: "nope", credentials: nil) == .branchMissing)
    }

    @Test func aSilentServerTimesOutAndAClosedOneIsUnreachableWithoutItsURL() async throws {
        let silent = try PortHolder()  // listens, never answers
        defer { silent.close() }
        let started = Date()
        let waited = await GitRemoteCLI(timeoutSeconds: 1).branchHead(
            repository: "git://127.0.0.1:\(silent.port)/app.git", branch: "main", credentials: nil)
        #expect(waited == .unreachable(reason: "the repository did not answer in time"))
        #expect(Date().timeIntervalSince(started) < 10, "bounded by the timeout")

        let closed = try PortHolder.freePort()
        let url = "git://127.0.0.1:\(closed)/secret-path.git"
        guard
            case .unreachable(let reason) = await GitRemoteCLI().branchHead(
                repository: url, branch: "main", credentials: nil)
        else {
            Issue.record("a closed port answered")
            return
        }
        #expect(!reason.contains("secret-path") && !reason.isEmpty, "\(reason)")
    }

    @Test func aPrivateRepositoryAnswersWithItsTokenAloneAndNoAnswerShowsTheToken() async throws {
        let token = "ghp_\(UUID().uuidString.prefix(12))"
        let git = try GitTestServer(token: token, user: "deploy")
        defer { git.stop() }
        let sha = try git.createRepository("app", files: ["README": "hi\n"])
        let remote = GitRemoteCLI()
        let url = git.url("app")
        #expect(await remote.branchHead(repository: url, branch: "main", credentials: nil) == .unauthorized)
        let wrong = GitCredentials(username: "deploy", token: "ghp_wrong")
        #expect(await remote.branchHead(repository: url, branch: "main", credentials: wrong) == .unauthorized)
        let right = GitCredentials(username: "deploy", token: token)
        #expect(await remote.branchHead(repository: url, branch: "main", credentials: right) == .commit(sha))
        #expect(git.requestLog.contains { $0.hasSuffix(" none") } && git.requestLog.contains { $0.hasSuffix(" yes") })

        let closed = "http://127.0.0.1:\(try PortHolder.freePort())/app.git"
        guard
            case .unreachable(let reason) = await remote.branchHead(
                repository: closed, branch: "main", credentials: right)
        else {
            Issue.record("a closed port answered")
            return
        }
        #expect(!reason.contains(token) && !reason.contains(closed), "\(reason)")
    }
}
