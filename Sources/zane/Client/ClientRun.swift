import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

/// What a client command works with: the API (with the saved or given token) and the terminal.
struct ClientSession {
    let api: ZaneAPI
    let terminal: Terminal

    /// Prints `answer`'s raw JSON (for `--json`), the way scripts want it.
    func printJSON(_ answer: ZaneAPI.Answer) { terminal.out(answer.raw) }
}

/// Runs a client command with the credentials of `zane login` or `ZANE_URL`/`ZANE_TOKEN`. A failure is one
/// `error:` line on standard error, then exit 1 (2 for a usage mistake), as git and kubectl do.
func runClient(_ body: (ClientSession) async throws -> Void) async throws {
    try await reportingErrors { terminal in
        let credentials = try ClientCredentials.load(ProcessInfo.processInfo.environment)
        try await body(
            ClientSession(api: ZaneAPI(baseURL: credentials.url, token: credentials.token), terminal: terminal))
    }
}

func reportingErrors(_ body: (Terminal) async throws -> Void) async throws {
    let terminal = Terminal()
    do {
        try await body(terminal)
    } catch let error as ClientError {
        terminal.error(error.description)
        if case .usage = error { throw ExitCode(2) }
        throw ExitCode.failure
    }
}

/// The `--json` flag of listing commands.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the API's JSON instead of a table.") var json = false
}

extension JSONValue {
    /// A field as text for a table cell: strings as they are, numbers and booleans spelled, null as `-`.
    func text(_ key: String) -> String {
        switch self[key] {
        case .string(let value)?: value.isEmpty ? "-" : value
        case .int(let value)?: String(value)
        case .double(let value)?: String(value)
        case .bool(let value)?: value ? "yes" : "no"
        default: "-"
        }
    }
}
