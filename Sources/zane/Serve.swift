import ArgumentParser
import Logging
import WebApp

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations and serve the API.")

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8000

    func run() async throws {
        var config = try loadConfig()
        config.http.hostname = hostname
        config.http.port = port
        try await ZaneServer.serve(config)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Flag(help: "Revert every migration instead (drops all data).") var revert = false

    func run() async throws {
        try await ZaneServer.migrate(try loadConfig(), revert: revert)
    }
}

/// Reads the configuration from the environment and sets up logging; prints every problem and exits 1 on error.
func loadConfig() throws -> AppConfig {
    do {
        let config = try AppConfig.fromEnvironment()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = config.logLevel
            return handler
        }
        return config
    } catch let error as ConfigurationError {
        print(error.description)
        throw ExitCode.failure
    }
}
