import Foundation
import JSONCore

/// Where the command line finds Zane and its token: `ZANE_URL` and `ZANE_TOKEN` first (for CI), then the file
/// `zane login` wrote (`$ZANE_CONFIG`, or `config.json` under `$XDG_CONFIG_HOME/zane` or `~/.config/zane`),
/// readable by its owner only.
public struct ClientCredentials: Equatable, Sendable {
    public var url: String
    public var token: String

    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    public static func configPath(_ environment: [String: String]) -> String {
        if let path = environment["ZANE_CONFIG"], !path.isEmpty { return path }
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/zane/config.json"
    }

    /// The URL and token to use; a missing one is `notSignedIn`.
    public static func load(_ environment: [String: String]) throws(ClientError) -> ClientCredentials {
        let saved = read(configPath(environment))
        let url = environment["ZANE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? saved?.url
        let token = environment["ZANE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? saved?.token
        guard let url, let token else { throw .notSignedIn(url: url) }
        return ClientCredentials(url: url, token: token)
    }

    static func read(_ path: String) -> ClientCredentials? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONBodyParser.parse(Array(data)),
            let url = json["url"]?.string, let token = json["token"]?.string
        else { return nil }
        return ClientCredentials(url: url, token: token)
    }

    /// Writes the file with mode 0600 (its folder 0700), replacing any earlier one.
    public func save(to path: String) throws(ClientError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .failed("cannot create \(folder): \(error.localizedDescription)")
        }
        let object: JSONValue = ["url": .string(url), "token": .string(token)]
        guard var data = try? JSONEncoder().encode(object) else { throw .failed("cannot encode the credentials") }
        data.append(0x0A)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw .failed("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // The file may have existed with wider permissions: narrow them before the secret goes in.
        guard fchmod(descriptor, 0o600) == 0 else { throw .failed("cannot restrict \(path) to its owner") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .failed("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Removes the saved file; false when there was none.
    public static func forget(at path: String) -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
