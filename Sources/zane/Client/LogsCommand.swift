import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what a service's containers wrote (or, with --build, its deployment pipeline's log).")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Flag(name: .shortAndLong, help: "Keep printing new lines as they come.") var follow = false
    @Option(help: "Only lines newer than this: 30s, 10m, 2h, 1d, or a date-time.") var since: String?
    @Option(help: "Only lines containing this text (case-insensitive).") var grep: String?
    @Option(help: "How many of the latest lines to print first (at most 100).") var tail: Int?
    @Option(help: "The deployment (default: the current one).") var deployment: String?
    @Flag(help: "The deployment pipeline's log instead of the containers'.") var build = false
    @Flag(help: "Start each line with its time.") var timestamps = false

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let after = try since.map { text throws(ClientError) in try RelativeTime.iso8601(since: text) }
            let hash = try await deploymentHash(session, path)
            let base = "\(path.environmentPath)/service-details/\(path.escapedService)/deployments/\(hash)"
            let kind = build ? "build-logs" : "runtime-logs"
            var filters: [(String, String)] = []
            if let grep, !build { filters.append(("query", grep)) }
            if let after, !build { filters.append(("time_after", after)) }
            let count = min(max(tail ?? (follow && since == nil ? 10 : 100), 0), 100)
            if count > 0 {
                let page = try await session.api.send(
                    .GET, "\(base)/\(kind)", query: filters + [("per_page", String(count))])
                for line in (page.json?["results"]?.array ?? []).reversed() { print(line, session.terminal) }
            }
            guard follow else { return }
            var position: String?
            while true {
                var query = filters.filter { $0.0 == "query" } + [("max_seconds", "3600")]
                if let position { query.append(("after", position)) }
                let response = try await session.api.openStream(
                    "\(base)/\(kind)/stream", query: query, maximumSeconds: 3600)
                var decoder = ServerSentEvents()
                for try await buffer in response.body {
                    for event in decoder.feed(String(buffer: buffer)) {
                        if let id = event.id { position = id }
                        if event.name == "end" { return }
                        guard event.name == "log", let line = try? JSONBodyParser.parse(Array(event.data.utf8)) else {
                            continue
                        }
                        print(line, session.terminal)
                    }
                }
            }
        }
    }

    func print(_ line: JSONValue, _ terminal: Terminal) {
        let text = line["content_text"]?.string ?? line["content"]?.string ?? ""
        guard timestamps, let time = line["time"]?.string else { return terminal.out(text) }
        terminal.out(terminal.styled(time, .dim) + " " + text)
    }

    /// The deployment asked for, or the service's current one (the newest when none is current yet).
    func deploymentHash(_ session: ClientSession, _ path: ServicePath) async throws -> String {
        if let deployment { return deployment }
        let page = try await session.api.send(
            .GET, "\(path.environmentPath)/service-details/\(path.escapedService)/deployments",
            query: [("per_page", "20")])
        let all = page.json?["results"]?.array ?? []
        let chosen =
            all.first { $0["is_current_production"]?.bool == true }
            ?? all.max { ($0["queued_at"]?.string ?? "") < ($1["queued_at"]?.string ?? "") }
        guard let hash = chosen?["hash"]?.string else {
            throw ClientError.failed("\(path) has no deployment yet: run `zane deploy \(path)`.")
        }
        return hash
    }
}
