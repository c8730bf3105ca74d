import Domain
import Foundation
import Synchronization

/// Runs the git CLI with an argument vector (never through a shell), in a clean environment: no prompt for
/// credentials, no user or system configuration, and only the http, https and git transports (git's `ext::`
/// and `file://` transports would let a repository URL run commands or read the server's files).
struct GitCommand: Sendable {
    struct Result: Sendable {
        var status: Int32
        /// stdout and stderr together, at most `outputLimit` bytes.
        var output: String
        var timedOut: Bool
    }

    var executable = "/usr/bin/git"
    var timeoutSeconds: Double = 60
    var outputLimit = 256 << 10
    /// Where git's output waits to be read.
    var outputDirectory = FileManager.default.temporaryDirectory.path

    static let environment: [String: String] = [
        "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "/bin/false", "SSH_ASKPASS": "/bin/false",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_ALLOW_PROTOCOL": "http:https:git",
        "HOME": "/nonexistent", "LC_ALL": "C", "PATH": "/usr/bin:/bin",
    ]

    /// The environment for a run: with credentials, git sends them as a header to the repository's host, and
    /// follows no redirect (which could take the header elsewhere). The header is in the environment, which
    /// only this user can read, not in the arguments, which every user of the server can.
    static func environment(credentials: GitCredentials?) -> [String: String] {
        guard let credentials else { return environment }
        return environment.merging([
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "http.extraHeader", "GIT_CONFIG_VALUE_0": "Authorization: \(credentials.authorization)",
            "GIT_CONFIG_KEY_1": "http.followRedirects", "GIT_CONFIG_VALUE_1": "false",
        ]) { $1 }
    }

    func run(_ arguments: [String], in directory: String? = nil, credentials: GitCredentials? = nil) async throws
        -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = Self.environment(credentials: credentials)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // The output goes to a file read once git has ended: a pipe's end can be inherited by a process started
        // meanwhile, and then never reaches its end of file.
        let outputFile = URL(fileURLWithPath: outputDirectory).appendingPathComponent("zane-git-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: outputFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw GitCommandError.noOutputFile(outputFile.path) }
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let ended = ProcessExit()
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        let timeout = timeoutSeconds
        let timer = Task {
            guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return false }
            // SIGKILL: a child spawned from one of this process's threads may have SIGTERM blocked.
            kill(process.processIdentifier, SIGKILL)
            return true
        }
        // A cancelled task ends git at once (a cancelled build must stop within seconds).
        let pid = process.processIdentifier
        await withTaskCancellationHandler {
            await ended.waitUntilSignalled()
        } onCancel: {
            kill(pid, SIGKILL)
        }
        timer.cancel()
        let timedOut = await timer.value
        let reader = try FileHandle(forReadingFrom: outputFile)
        defer { try? reader.close() }
        let text = String(decoding: try reader.read(upToCount: outputLimit) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, output: text, timedOut: timedOut)
    }
}

enum GitCommandError: Error, CustomStringConvertible {
    case noOutputFile(String)

    var description: String {
        switch self {
        case .noOutputFile(let path): "git's output file \(path) could not be created"
        }
    }
}

/// The end of a process, for any number of waiters.
final class ProcessExit: Sendable {
    private let state = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func signal() {
        let waiters = state.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func waitUntilSignalled() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}
