import ArgumentParser
import JSONCore
import ZaneClient

struct Projects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the projects.")

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runClient { session in
            let answer = try await session.api.send(.GET, "/api/projects")
            if output.json { return session.printJSON(answer) }
            var table = TextTable(["slug", "environments", "services", "description"])
            for project in answer.json?.array ?? [] {
                let environments = (project["environments"]?.array ?? []).compactMap { $0["name"]?.string }
                table.add([
                    project.text("slug"), environments.joined(separator: ","),
                    "\(project.text("healthy_services"))/\(project.text("total_services")) healthy",
                    project.text("description"),
                ])
            }
            session.terminal.out(
                table.rows.isEmpty ? "No project yet: create one with `zane create project <slug>`." : table.text)
        }
    }
}

struct Envs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a project's environments.")

    @Argument(help: "The project's slug.") var project: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runClient { session in
            let answer = try await session.api.send(.GET, "/api/projects/\(ServicePath.escape(project))")
            if output.json { return session.printJSON(answer) }
            var table = TextTable(["name", "preview", "created"])
            for environment in answer.json?["environments"]?.array ?? [] {
                table.add([environment.text("name"), environment.text("is_preview"), environment.text("created_at")])
            }
            session.terminal.out(table.text)
        }
    }
}

struct Services: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the services of an environment.")

    @Argument(help: "<project>/<environment>, e.g. shop/production.") var environment: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runClient { session in
            let path = try EnvironmentPath(parsing: environment)
            let answer = try await session.api.send(.GET, path.apiPath + "/service-list")
            if output.json { return session.printJSON(answer) }
            var table = TextTable(["slug", "type", "source", "status", "url"])
            for service in answer.json?.array ?? [] {
                let source =
                    service["type"]?.string == "git"
                    ? "\(service.text("repository"))@\(service.text("branch"))"
                    : "\(service.text("image")):\(service.text("tag"))"
                table.add([
                    service.text("slug"), service.text("type"), source, service.text("status"), service.text("url"),
                ])
            }
            session.terminal.out(
                table.rows.isEmpty
                    ? "No service in \(path) yet: create one with `zane create service \(path)/<slug> --image <image>`."
                    : table.text)
        }
    }
}
