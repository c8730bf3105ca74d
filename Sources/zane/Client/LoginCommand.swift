import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in to a Zane server and save an API token for the other commands.",
        discussion: """
            Asks for the username and password, creates a FULL API token named after this machine and saves it \
            (mode 0600) under ~/.config/zane. In CI, set ZANE_URL and ZANE_TOKEN instead.
            """)

    @Argument(help: "The server's address, e.g. http://zane.example.com.") var url: String
    @Option(help: "The username (asked when not given).") var username: String?
    @Flag(help: "Read the password from standard input.") var passwordStdin = false
    @Option(help: "The token's name (default: zane CLI on <host>).") var tokenName: String?

    func run() async throws {
        try await reportingErrors { terminal in
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ClientError.usage("`\(url)` is not an address: write it with its scheme, e.g. http://\(url).")
            }
            let username = self.username ?? Terminal.prompt("Username: ") ?? ""
            let password =
                (passwordStdin ? readLine(strippingNewline: true) : Terminal.prompt("Password: ", secret: true)) ?? ""
            guard !username.isEmpty, !password.isEmpty else {
                throw ClientError.usage("a username and a password are required.")
            }
            var api = ZaneAPI(baseURL: url, token: nil)
            let login = try await signIn(api, username: username, password: password)
            api.cookies = login.setCookies
            let name = tokenName ?? "zane CLI on \(ProcessInfo.processInfo.hostName)"
            let created = try await api.send(
                .POST, "/api/auth/tokens", json: ["name": .string(String(name.prefix(100))), "scope": "FULL"])
            guard let token = created.json?["token"]?.string else {
                throw ClientError.unexpectedAnswer(status: created.status, url: api.baseURL)
            }
            _ = try? await api.send(.DELETE, "/api/auth/logout")
            let path = ClientCredentials.configPath(ProcessInfo.processInfo.environment)
            try ClientCredentials(url: api.baseURL, token: token).save(to: path)
            terminal.out("Signed in to \(api.baseURL) as \(username). Token “\(name)” saved to \(path).")
        }
    }

    func signIn(_ api: ZaneAPI, username: String, password: String) async throws -> ZaneAPI.Answer {
        do {
            return try await api.send(
                .POST, "/api/auth/login", json: ["username": .string(username), "password": .string(password)])
        } catch ClientError.notSignedIn {
            throw ClientError.failed("wrong username or password for \(api.baseURL).")
        }
    }
}

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Forget the saved token.")

    func run() async throws {
        let path = ClientCredentials.configPath(ProcessInfo.processInfo.environment)
        let terminal = Terminal()
        if ClientCredentials.forget(at: path) {
            terminal.out("Removed \(path). The token still works until revoked under Settings › API tokens.")
        } else {
            terminal.out("No saved token at \(path).")
        }
    }
}
