import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

struct Env: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and change a service's environment variables (applied by the next deploy).",
        subcommands: [EnvList.self, EnvSet.self, EnvUnset.self, EnvImport.self])
}

/// A service's variables as they are and as pending changes will make them.
struct ServiceVariables {
    var applied: [(id: String, key: String, value: String)] = []
    var pendingAdds: [(changeID: String, key: String)] = []

    init(_ service: JSONValue) {
        for item in service["env_variables"]?.array ?? [] {
            guard let id = item["id"]?.string, let key = item["key"]?.string else { continue }
            applied.append((id, key, item["value"]?.string ?? ""))
        }
        for change in service["unapplied_changes"]?.array ?? []
        where change["field"]?.string == "env_variables" && change["type"]?.string == "ADD" {
            guard let id = change["id"]?.string, let key = change["new_value"]?["key"]?.string else { continue }
            pendingAdds.append((id, key))
        }
    }

    static func load(_ session: ClientSession, _ path: ServicePath) async throws -> ServiceVariables {
        let details = try await session.api.send(.GET, path.environmentPath + "/service-details/\(path.escapedService)")
        return ServiceVariables(details.json ?? .null)
    }
}

func requestChange(_ session: ClientSession, _ path: ServicePath, _ change: JSONValue) async throws {
    try await session.api.send(
        .PUT, path.environmentPath + "/request-service-changes/\(path.escapedService)", json: change)
}

func cancelChange(_ session: ClientSession, _ path: ServicePath, _ changeID: String) async throws {
    try await session.api.send(
        .DELETE, path.environmentPath + "/cancel-service-changes/\(path.escapedService)/\(changeID)")
}

struct EnvList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the variables.")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let variables = try await ServiceVariables.load(session, path)
            if output.json {
                let object = JSONValue.object(
                    Dictionary(variables.applied.map { ($0.key, JSONValue.string($0.value)) }) { a, _ in a })
                return session.terminal.out(String(decoding: try JSONEncoder().encode(object), as: UTF8.self))
            }
            var table = TextTable(["key", "value"])
            for variable in variables.applied { table.add([variable.key, variable.value]) }
            for pending in variables.pendingAdds { table.add([pending.key, "(pending)"]) }
            session.terminal.out(table.rows.isEmpty ? "No variable." : table.text)
        }
    }
}

struct EnvSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set variables: KEY=VALUE…")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Argument(help: "KEY=VALUE pairs.") var assignments: [String]

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let pairs = try assignments.map { text throws(ClientError) -> (String, String) in
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                    throw .usage("`\(text)` is not KEY=VALUE.")
                }
                return (String(text[..<equals]), String(text[text.index(after: equals)...]))
            }
            guard !pairs.isEmpty else { throw ClientError.usage("give at least one KEY=VALUE.") }
            let variables = try await ServiceVariables.load(session, path)
            for (key, value) in pairs {
                let newValue: JSONValue = ["key": .string(key), "value": .string(value)]
                if let pending = variables.pendingAdds.first(where: { $0.key == key }) {
                    try await cancelChange(session, path, pending.changeID)
                    try await requestChange(
                        session, path, ["field": "env_variables", "type": "ADD", "new_value": newValue])
                } else if let existing = variables.applied.first(where: { $0.key == key }) {
                    try await requestChange(
                        session, path,
                        [
                            "field": "env_variables", "type": "UPDATE", "item_id": .string(existing.id),
                            "new_value": newValue,
                        ])
                } else {
                    try await requestChange(
                        session, path, ["field": "env_variables", "type": "ADD", "new_value": newValue])
                }
            }
            session.terminal.out(
                "Set \(pairs.map(\.0).joined(separator: ", ")) on \(path); `zane deploy \(path)` applies it.")
        }
    }
}

struct EnvUnset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unset", abstract: "Remove variables by key.")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Argument(help: "The keys to remove.") var keys: [String]

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let variables = try await ServiceVariables.load(session, path)
            for key in keys {
                if let pending = variables.pendingAdds.first(where: { $0.key == key }) {
                    try await cancelChange(session, path, pending.changeID)
                } else if let existing = variables.applied.first(where: { $0.key == key }) {
                    try await requestChange(
                        session, path, ["field": "env_variables", "type": "DELETE", "item_id": .string(existing.id)])
                } else {
                    throw ClientError.failed("\(path) has no variable \(key): see `zane env list \(path)`.")
                }
            }
            session.terminal.out(
                "Removed \(keys.joined(separator: ", ")) from \(path); `zane deploy \(path)` applies it.")
        }
    }
}

struct EnvImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add the variables of a .env file (`-` reads standard input).")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Argument(help: "The .env file.") var file: String

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let data =
                file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data, let text = String(data: data, encoding: .utf8) else {
                throw ClientError.failed("cannot read \(file) as UTF-8 text.")
            }
            let before = try await ServiceVariables.load(session, path).pendingAdds.count
            let answer = try await session.api.send(
                .PUT, path.environmentPath + "/request-env-changes/\(path.escapedService)",
                json: ["new_value": .string(text)])
            let added = ServiceVariables(answer.json ?? .null).pendingAdds.count - before
            session.terminal.out(
                "Imported \(added) variable\(added == 1 ? "" : "s") into \(path); `zane deploy \(path)` applies them.")
        }
    }
}
