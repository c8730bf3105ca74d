import Domain
import Foundation

/// Turns a checkout into the archive a builder gets, and says where its Dockerfile is inside it.
/// Every path of the builder's options is resolved inside the checkout, links included: a repository
/// cannot point the build at a file of the server.
struct BuildContext {
    /// The Dockerfile's name in the context when the repository's own lies outside its context directory.
    static let outsideDockerfile = ".zane.Dockerfile"

    let checkout: String
    let staticSiteBaseImage: String

    /// Writes the archive at `archive`; returns the Dockerfile's path inside it.
    func write(_ builder: Builder, to archive: String) throws -> String {
        let tar = try TarArchive(creatingAt: archive)
        let dockerfile: String
        switch builder {
        case .dockerfile(let options):
            let context = try resolve(options.buildContextDir, as: "build_context_dir", directory: true)
            let file = try resolve(options.dockerfilePath, as: "dockerfile_path", directory: false)
            try tar.addDirectory(context, as: "", skipping: context == root ? [".git"] : [])
            if file.hasPrefix(context == "/" ? "/" : context + "/") {
                dockerfile = String(file.dropFirst(context.count + 1))
            } else {
                try tar.addFile(file, as: Self.outsideDockerfile, mode: 0o644)
                dockerfile = Self.outsideDockerfile
            }
        case .staticDirectory(let options):
            let published = try resolve(options.publishDirectory, as: "publish_directory", directory: true)
            try tar.addDirectory(published, as: "repo/", skipping: published == root ? [".git"] : [])
            // A Caddyfile of the site's own replaces the generated one.
            if let own = try? resolve(options.publishDirectory + "/Caddyfile", as: "Caddyfile", directory: false) {
                try tar.addFile(own, as: "Caddyfile", mode: 0o444)
            } else {
                try tar.addData(StaticSiteFiles.caddyfile(options), as: "Caddyfile", mode: 0o444)
            }
            try tar.addData(StaticSiteFiles.dockerfile(baseImage: staticSiteBaseImage), as: "Dockerfile")
            dockerfile = "Dockerfile"
        case .nixpacks, .railpack:
            throw BuildFailure("The `\(builder.kind.rawValue)` builder is not supported by this version of Zane yet.")
        }
        try tar.finish()
        return dockerfile
    }

    var root: String { URL(fileURLWithPath: checkout).resolvingSymlinksInPath().path }

    /// The real path of a repository path, which must stay inside the checkout and be of the right kind.
    func resolve(_ path: String, as option: String, directory: Bool) throws -> String {
        let resolved = URL(fileURLWithPath: checkout).appendingPathComponent(path).resolvingSymlinksInPath()
            .standardizedFileURL.path
        guard resolved == root || resolved.hasPrefix(root + "/") else {
            throw BuildFailure("`\(option)` (\(path)) leads outside the repository.")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw BuildFailure("`\(option)` (\(path)) does not exist in the repository at this commit.")
        }
        guard isDirectory.boolValue == directory else {
            throw BuildFailure("`\(option)` (\(path)) is not a \(directory ? "directory" : "file") in the repository.")
        }
        return resolved
    }
}
