import Domain
import Foundation
import Testing

@testable import Engine

/// The build context archive: read back with the system's `tar`, it holds what the builder needs and
/// nothing of the server, whatever links the repository has.
@Suite("Build context")
struct BuildContextTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("zane-context-\(UUID().uuidString)").path

    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/repo/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/repo/" + path, withDestinationPath: target)
    }

    /// `tar -tvf` of the archive: one line per entry.
    func listing(_ archive: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tvf", archive]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tar reads the archive")
        return output.split(separator: "\n").map(String.init)
    }

    func context(_ builder: Builder) throws -> (dockerfile: String, entries: [String]) {
        let archive = root + "/context.tar"
        let dockerfile = try BuildContext(checkout: root + "/repo", staticSiteBaseImage: "caddy:2").write(
            builder, to: archive)
        return (dockerfile, try listing(archive))
    }

    @Test func aDockerfileContextKeepsLinksAsLinksAndLongNames() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let long = String(repeating: "d", count: 80) + "/" + String(repeating: "f", count: 80) + ".txt"
        try write(["Dockerfile": "FROM scratch\n", "app/main.txt": "hi", long: "deep", ".git/config": "x"])
        try link("passwords", to: "/etc/passwd")
        let (dockerfile, entries) = try context(.dockerfile(DockerfileOptions()))
        #expect(dockerfile == "Dockerfile")
        #expect(entries.contains { $0.hasPrefix("l") && $0.hasSuffix("passwords -> /etc/passwd") }, "\(entries)")
        #expect(entries.contains { $0.hasSuffix(long) }, "a name over 100 bytes survives (pax)")
        #expect(!entries.contains { $0.contains(".git") }, "the repository's own metadata stays out")
        #expect(entries.allSatisfy { $0.contains("0/0") && $0.contains("2000-01-01") }, "fixed owners and times")
    }

    @Test func optionPathsCannotLeaveTheRepository() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write(["Dockerfile": "FROM scratch\n", "web/index.html": "x"])
        try link("outside", to: "/etc")
        try link("Dockerfile.server", to: "/etc/hostname")
        var options = DockerfileOptions()
        options.buildContextDir = "./outside"
        #expect(throws: BuildFailure.self) { try context(.dockerfile(options)) }
        options = DockerfileOptions()
        options.dockerfilePath = "./Dockerfile.server"
        #expect(throws: BuildFailure.self) { try context(.dockerfile(options)) }
        options.dockerfilePath = "./missing"
        #expect(throws: BuildFailure.self) { try context(.dockerfile(options)) }
        var site = StaticDirectoryOptions()
        site.publishDirectory = "./outside"
        #expect(throws: BuildFailure.self) { try context(.staticDirectory(site)) }
    }

    @Test func aDockerfileOutsideItsContextIsAddedBesideIt() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write(["docker/app.Dockerfile": "FROM scratch\n", "web/index.html": "x"])
        var options = DockerfileOptions()
        options.dockerfilePath = "./docker/app.Dockerfile"
        options.buildContextDir = "./web"
        let (dockerfile, entries) = try context(.dockerfile(options))
        #expect(dockerfile == BuildContext.outsideDockerfile)
        #expect(entries.contains { $0.hasSuffix(" index.html") } && entries.contains { $0.hasSuffix(dockerfile) })
        #expect(!entries.contains { $0.contains("docker/") })
    }

    @Test func aStaticSiteGetsItsDirectoryCaddyfileAndDockerfile() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write(["public/index.html": "x", "README.md": "y"])
        var site = StaticDirectoryOptions()
        site.publishDirectory = "./public"
        let (dockerfile, entries) = try context(.staticDirectory(site))
        #expect(dockerfile == "Dockerfile")
        #expect(entries.contains { $0.hasSuffix(" repo/index.html") } && !entries.contains { $0.contains("README") })
        #expect(entries.contains { $0.hasSuffix(" Caddyfile") })
    }
}
