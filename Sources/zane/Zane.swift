import ArgumentParser
import Foundation
import WebApp

/// The `zane` command: a self-hosted platform to deploy containers.
@main
struct Zane: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zane",
        abstract: "A self-hosted platform to deploy and run containers.",
        discussion: """
            Server: `zane serve` (the default), `zane migrate`, `zane createsuperuser`.
            Client: `zane login <url>`, then `zane projects`, `zane deploy <project>/<env>/<service> --wait`… \
            (`ZANE_URL` and `ZANE_TOKEN` replace the login in CI).
            """,
        version: ZaneVersion.current,
        subcommands: [
            Serve.self, Migrate.self, CreateSuperuser.self, Version.self,
            Login.self, Logout.self, Status.self, Projects.self, Envs.self, Services.self, Create.self, Env.self,
            URLs.self, Deploy.self, Logs.self,
        ],
        defaultSubcommand: Serve.self)
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Zane's version.")

    func run() { print(ZaneVersion.current) }
}
