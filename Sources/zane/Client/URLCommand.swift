import ArgumentParser
import JSONCore
import ZaneClient

struct URLs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url", abstract: "Route public URLs to a service (applied by the next deploy).",
        subcommands: [URLAdd.self])
}

struct URLAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a URL: <domain>[/<path>].")

    @Argument(help: "<project>/<environment>/<service>") var service: String
    @Argument(help: "The domain and optional path, e.g. shop.example.com/api.") var url: String
    @Option(help: "The container port that receives the traffic.") var port: Int = 80
    @Flag(inversion: .prefixedNo, help: "Remove the path before passing the request on.") var stripPrefix = true

    func run() async throws {
        try await runClient { session in
            let path = try ServicePath(parsing: service)
            var address = Substring(url)
            for scheme in ["https://", "http://"] where address.hasPrefix(scheme) {
                address = address.dropFirst(scheme.count)
            }
            let slash = address.firstIndex(of: "/") ?? address.endIndex
            let domain = String(address[..<slash])
            let basePath = slash == address.endIndex ? "/" : String(address[slash...])
            try await requestChange(
                session, path,
                [
                    "field": "urls", "type": "ADD",
                    "new_value": [
                        "domain": .string(domain), "base_path": .string(basePath), "strip_prefix": .bool(stripPrefix),
                        "associated_port": .int(Int64(port)),
                    ],
                ])
            session.terminal.out(
                "Added \(domain)\(basePath) → port \(port) on \(path); `zane deploy \(path)` applies it.")
        }
    }
}
