import ArgumentParser
import Foundation
import JSONCore
import ZaneClient

struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deploy a service, optionally with a new image, and wait for it to be healthy.",
        discussion: """
            With --wait, follows the pipeline (its log too when the token may read it) and exits 0 once the \
            deployment is HEALTHY, 1 with the reason otherwise. A DEPLOY token is enough.
            """)

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Option(help: "Deploy this image instead (docker services).") var image: String?
    @Option(name: .shortAndLong, help: "A message for the deployment.") var message: String?
    @Flag(help: "Wait until the deployment is healthy or has failed.") var wait = false
    @Option(help: "With --wait: give up after this many seconds.") var timeout = 900
    @Flag(help: "Print the deployment's JSON.") var json = false

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            var body: [String: JSONValue] = [:]
            if let message { body["commit_message"] = .string(message) }
            if let image { body["new_image"] = .string(image) }
            let prefix = path.environmentPath + "/deploy-service"
            var answer: ZaneAPI.Answer
            do {
                answer = try await session.api.send(
                    .PUT, "\(prefix)/docker/\(path.escapedService)", json: .object(body))
            } catch ClientError.refused(let status, _, _, _) where status == 404 && image == nil {
                // Not a docker service: a git one, or none (then the git route says so).
                answer = try await session.api.send(.PUT, "\(prefix)/git/\(path.escapedService)", json: .object(body))
            }
            guard let hash = answer.json?["hash"]?.string else {
                throw ClientError.unexpectedAnswer(status: answer.status, url: session.api.baseURL)
            }
            guard wait else {
                if json { return session.printJSON(answer) }
                return session.terminal.out(
                    "Deployment \(hash) of \(path) queued: follow it with `zane status \(path)`.")
            }
            if !json { session.terminal.out("Deploying \(path) (\(hash))") }
            let watcher = DeploymentWatcher(
                api: session.api, service: path, hash: hash,
                terminal: json ? Terminal(isInteractive: false, usesColor: false) : session.terminal,
                timeoutSeconds: timeout)
            let deployment = try await watcher.wait()
            let status = deployment["status"]?.string ?? "?"
            if json { session.terminal.out(String(decoding: try JSONEncoder().encode(deployment), as: UTF8.self)) }
            guard status == "HEALTHY" else {
                let reason = deployment["status_reason"]?.string.map { ": " + $0.trimmingCharacters(in: ["."]) } ?? ""
                throw ClientError.failed(
                    "deployment \(hash) of \(path) ended \(status)\(reason). Its log: `zane logs \(path) --deployment \(hash) --build`."
                )
            }
            if !json { session.terminal.out(session.terminal.styled("✔ \(path) is HEALTHY (\(hash))", .green)) }
        }
    }
}
