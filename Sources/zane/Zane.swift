import ArgumentParser
import Foundation
import WebApp

/// The `zane` command: a self-hosted platform to deploy containers.
@main
struct Zane: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zane",
        abstract: "A self-hosted platform to deploy and run containers.",
        version: ZaneVersion.current,
        subcommands: [Serve.self, Migrate.self, CreateSuperuser.self, Version.self],
        defaultSubcommand: Serve.self)
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Zane's version.")

    func run() { print(ZaneVersion.current) }
}
