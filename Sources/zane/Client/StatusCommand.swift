import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who you are signed in as, or a service's state and latest deployments.")

    @Argument(help: "<project>/<environment>/<service> (none: the connection).") var service: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runClient { session in
            guard let service else { return try await connection(session) }
            let path = try ServicePath(parsing: service)
            let details = try await session.api.send(
                .GET, path.environmentPath + "/service-details/\(path.escapedService)")
            let deployments = try await session.api.send(
                .GET, path.environmentPath + "/service-details/\(path.escapedService)/deployments",
                query: [("per_page", "5")])
            if output.json { return session.printJSON(deployments) }
            let json = details.json ?? .null
            let pendingImage = json["unapplied_changes"]?.array?.first { $0["field"]?.string == "source" }?[
                "new_value"]?["image"]?.string
            let source =
                json["repository_url"]?.string.map { "\($0)@\(json.text("branch_name"))" }
                ?? json["image"]?.string ?? pendingImage.map { "\($0) (pending)" } ?? "-"
            let kind = json["type"]?.string == "GIT_REPOSITORY" ? "git" : "docker"
            let urls = (json["urls"]?.array ?? []).map { "\($0.text("domain"))\($0.text("base_path"))" }
            let pending = json["unapplied_changes"]?.array?.count ?? 0
            session.terminal.out(
                """
                Service:  \(path) (\(kind))
                Source:   \(source)
                URLs:     \(urls.isEmpty ? "-" : urls.joined(separator: ", "))
                Pending:  \(pending == 0 ? "nothing" : "\(pending) change\(pending == 1 ? "" : "s"): `zane deploy \(path)` applies them")
                """)
            var table = TextTable(["deployment", "status", "current", "queued", "reason"])
            for item in deployments.json?["results"]?.array ?? [] {
                table.add([
                    item.text("hash"), item.text("status"), item["is_current_production"]?.bool == true ? "yes" : "",
                    item.text("queued_at"), item.text("status_reason"),
                ])
            }
            session.terminal.out("\n" + (table.rows.isEmpty ? "No deployment yet." : table.text))
        }
    }

    func connection(_ session: ClientSession) async throws {
        let me = try await session.api.send(.GET, "/api/auth/me")
        if output.json { return session.printJSON(me) }
        let user = me.json?["user"] ?? .null
        let membership = me.json?["membership"] ?? .null
        session.terminal.out(
            "Signed in to \(session.api.baseURL) as \(user.text("username")) (\(membership.text("role_name")) of \(membership["workspace"]?.text("name") ?? "-"))."
        )
    }
}
