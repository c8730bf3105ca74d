import ArgumentParser
import JSONCore
import ZaneClient

struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project or a service.", subcommands: [CreateProject.self, CreateService.self])
}

struct CreateProject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "Create a project.")

    @Argument(help: "The project's slug.") var slug: String
    @Option(help: "What the project is for.") var description: String?

    func run() async throws {
        try await runClient { session in
            var body: [String: JSONValue] = ["slug": .string(slug)]
            if let description { body["description"] = .string(description) }
            let created = try await session.api.send(.POST, "/api/projects", json: .object(body))
            let slug = created.json?["slug"]?.string ?? slug
            session.terminal.out("Created project \(slug) with its production environment.")
        }
    }
}

struct CreateService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Create a service from a Docker image or a git repository.")

    @Argument(help: "<project>/<environment>/<service>, e.g. shop/production/web.") var service: String
    @Option(help: "The Docker image to run, e.g. nginx:alpine.") var image: String?
    @Option(help: "The git repository to build, e.g. https://github.com/you/app.git.") var git: String?
    @Option(help: "The branch to build (with --git).") var branch = "main"
    @Option(help: "The command to run instead of the image's own.") var command: String?

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            let (kind, body): (String, JSONValue)
            switch (image, git) {
            case (let image?, nil): (kind, body) = ("docker", ["slug": .string(path.service), "image": .string(image)])
            case (nil, let repository?):
                (kind, body) = (
                    "git",
                    [
                        "slug": .string(path.service), "repository_url": .string(repository),
                        "branch_name": .string(branch),
                    ]
                )
            default: throw ClientError.usage("give either --image or --git.")
            }
            try await session.api.send(.POST, path.environmentPath + "/create-service/\(kind)", json: body)
            if let command {
                try await requestChange(
                    session, path, ["field": "command", "type": "UPDATE", "new_value": .string(command)])
            }
            session.terminal.out("Created \(path). Deploy it with `zane deploy \(path) --wait`.")
        }
    }
}
