import Foundation

/// A git server on loopback for tests, with helpers to make repositories and commits in it: `git daemon`
/// (`git://`), or git's smart HTTP behind basic authentication (`http://`, a private repository). Stopped by
/// `stop()`; its directory is removed then.
public final class GitTestServer: Sendable {
    public let root: String
    public let port: Int
    let scheme: String
    let daemon: Process

    /// A `git daemon`.
    public convenience init() throws {
        let root = NSTemporaryDirectory() + "zane-git-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let port = try PortHolder.freePort()
        // git-daemon itself, not `git daemon`: the `git` wrapper would leave it running when it is stopped.
        let execPath = try Self.git(["--exec-path"], in: root).trimmingCharacters(in: .whitespacesAndNewlines)
        try self.init(
            root: root, port: port, scheme: "git", executable: execPath + "/git-daemon",
            arguments: [
                "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(root)", "--export-all",
                "--enable=receive-pack", root,
            ])
    }

    /// A private server over HTTP: every request needs basic authentication with `token`, as `user` when
    /// given, else as anyone (as GitHub and GitLab take tokens). It counts the requests in `requests.log`.
    public convenience init(token: String, user: String? = nil) throws {
        let root = NSTemporaryDirectory() + "zane-git-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let port = try PortHolder.freePort()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/git_http_server.py").standardized.path
        try self.init(
            root: root, port: port, scheme: "http", executable: "/usr/bin/python3",
            arguments: [script, "--root", root, "--port", "\(port)", "--token", token]
                + (user.map { ["--user", $0] } ?? []))
    }

    init(root: String, port: Int, scheme: String, executable: String, arguments: [String]) throws {
        self.root = root
        self.port = port
        self.scheme = scheme
        daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: executable)
        daemon.arguments = arguments
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        for _ in 0..<100 {
            if Self.answers(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestSetupError("the git server did not start on port \(port)")
    }

    /// What an HTTP server was asked: `<method> <path> <authorized: yes, no or none>` lines.
    public var requestLog: [String] {
        (try? String(contentsOfFile: root + "/requests.log", encoding: .utf8))?.split(separator: "\n").map(String.init)
            ?? []
    }

    public func stop() {
        kill(daemon.processIdentifier, SIGKILL)  // git-daemon does not always end on SIGTERM
        daemon.waitUntilExit()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `git://127.0.0.1:<port>/<name>.git`, or `http://…` for a private server.
    public func url(_ name: String) -> String { "\(scheme)://127.0.0.1:\(port)/\(name).git" }

    /// Creates the bare repository `name` with one commit of `files` on `branch`; returns the commit's sha.
    @discardableResult
    public func createRepository(_ name: String, branch: String = "main", files: [String: String]) throws -> String {
        try Self.git(["init", "--bare", "-q", "\(root)/\(name).git"], in: root)
        return try commit(to: name, branch: branch, files: files, message: "first")
    }

    /// Commits `files` (written over what the branch has) to `branch` and pushes it; returns the commit's sha.
    @discardableResult
    public func commit(to name: String, branch: String = "main", files: [String: String], message: String) throws
        -> String
    {
        let work = root + "/work-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Self.git(["init", "-q", "-b", branch, work], in: root)
        try Self.git(["pull", "-q", "\(root)/\(name).git", branch], in: work, allowFailure: true)
        for (path, contents) in files {
            let file = URL(fileURLWithPath: work + "/" + path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
        }
        try Self.git(["add", "-A"], in: work)
        try Self.git(["commit", "-q", "-m", message], in: work)
        try Self.git(["push", "-q", "\(root)/\(name).git", "HEAD:refs/heads/\(branch)"], in: work)
        return try Self.git(["rev-parse", "HEAD"], in: work).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    static func git(_ arguments: [String], in directory: String, allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = [
            "GIT_AUTHOR_NAME": "Zane Test", "GIT_AUTHOR_EMAIL": "test@zane.invalid", "GIT_COMMITTER_NAME": "Zane Test",
            "GIT_COMMITTER_EMAIL": "test@zane.invalid", "HOME": directory, "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": "/usr/bin:/bin",
        ]
        // To a file, not a pipe: a git daemon started meanwhile could inherit the pipe and hold it open.
        let outputFile = NSTemporaryDirectory() + "zane-git-output-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: outputFile, contents: nil) else {
            throw TestSetupError("could not create \(outputFile)")
        }
        defer { try? FileManager.default.removeItem(atPath: outputFile) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = FileManager.default.contents(atPath: outputFile) ?? Data()
        guard process.terminationStatus == 0 || allowFailure else {
            throw TestSetupError("git \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func answers(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
