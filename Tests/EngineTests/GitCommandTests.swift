import Domain
import Testing

@testable import Engine

/// How git is run: a clean environment, and a repository's token only as a header.
@Suite("Git command")
struct GitCommandTests {
    @Test func gitGetsATokenAsAHeaderInItsEnvironmentAndFollowsNoRedirect() {
        let environment = GitCommand.environment(credentials: GitCredentials(username: "u", token: "t0k"))
        let keys = ["GIT_CONFIG_KEY_0", "GIT_CONFIG_KEY_1"].compactMap { environment[$0] }
        #expect(environment["GIT_CONFIG_COUNT"] == "2" && keys == ["http.extraHeader", "http.followRedirects"])
        #expect(environment["GIT_CONFIG_VALUE_0"] == "Authorization: Basic dTp0MGs=")
        #expect(environment["GIT_CONFIG_VALUE_1"] == "false")
        #expect(GitCommand.environment(credentials: nil)["GIT_CONFIG_COUNT"] == nil)
        #expect(GitCommand.environment(credentials: nil)["GIT_TERMINAL_PROMPT"] == "0")
    }
}
