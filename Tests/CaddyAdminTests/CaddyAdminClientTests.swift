import AsyncHTTPClient
import Foundation
import JSONCore
import Testing

@testable import CaddyAdmin

/// The admin client against a real Caddy process (`ZANE_TEST_CADDY_BINARY`, set by scripts/test.sh; with
/// `CI=true` the tests run and fail without it instead of being skipped).
@Suite(
    "Caddy admin client on a real Caddy", .serialized,
    .enabled(if: RealCaddy.binary != nil, "needs a caddy binary in ZANE_TEST_CADDY_BINARY"))
struct CaddyAdminClientTests {
    @Test func loadsReadsAndReplacesObjectsByID() async throws {
        try await RealCaddy.run { caddy in
            let admin = CaddyAdminClient(socketPath: caddy.adminSocket)
            #expect(await admin.isAnswering())
            try await admin.load(caddy.config(body: "one"))
            #expect(try await caddy.get() == "one")
            #expect(try await admin.read(id: "greeting")?["body"]?.string == "one")
            #expect(try await admin.read(id: "no-such-object") == nil)
            try await admin.replace(
                id: "greeting", with: ["@id": "greeting", "handler": "static_response", "body": "two"])
            #expect(try await caddy.get() == "two", "a replaced object serves at once")
        }
    }

    @Test func aRefusedConfigurationIsAnErrorAndChangesNothing() async throws {
        try await RealCaddy.run { caddy in
            let admin = CaddyAdminClient(socketPath: caddy.adminSocket)
            try await admin.load(caddy.config(body: "kept"))
            do {
                try await admin.load(["apps": ["http": ["servers": ["bad": ["listen": "not-a-list"]]]]])
                Issue.record("Caddy accepted a broken configuration")
            } catch let error as CaddyAdminError {
                guard case .refused(let code, let path, _) = error else { throw error }
                #expect(code == 400 && path == "/load" && !error.isTransient)
            }
            #expect(try await caddy.get() == "kept")
        }
    }

    /// The whole document the builder writes is one Caddy loads (only its listener is moved off port 80).
    @Test func caddyLoadsTheBuiltDocument() async throws {
        try await RealCaddy.run { caddy in
            let options = CaddyConfiguration.Options(
                adminSocket: caddy.adminSocket, accessLogFile: caddy.directory + "/access.log", probeSecret: "s")
            let route = CaddyRoutes.route(
                id: "svc", host: "127.0.0.1", basePath: "/", stripPrefix: false, responseHeaders: ["X-Served": "1"],
                target: .upstream(dial: "127.0.0.1:\(try RealCaddy.freePort())"))
            guard case .object(var document) = CaddyConfiguration.document(options, routes: [route], tls: nil),
                case .object(var apps) = document["apps"], case .object(var http) = apps["http"],
                case .object(var servers) = http["servers"], case .object(var server) = servers["zane"]
            else { throw Failure("unexpected document shape") }
            server["listen"] = [.string("127.0.0.1:\(caddy.port)")]
            servers["zane"] = .object(server)
            http["servers"] = .object(servers)
            apps["http"] = .object(http)
            document["apps"] = .object(apps)
            let admin = CaddyAdminClient(socketPath: caddy.adminSocket)
            try await admin.load(.object(document))
            #expect(try await admin.read(id: CaddyConfiguration.urlRootID) != nil)
            let served = try await caddy.response(path: "/anything")
            #expect(served.status.code == 502, "an upstream that is down ends in the proxy's own 502 page")
            #expect(served.headers.first(name: CaddyConfiguration.ownPageHeader) == "502")
            let unrouted = try await caddy.response(path: "/", host: "elsewhere.example")
            #expect(
                unrouted.status.code == 404 && unrouted.headers.first(name: CaddyConfiguration.ownPageHeader) == "404")
        }
    }

    @Test func aSilentSocketIsUnreachableAndTransient() async throws {
        let admin = CaddyAdminClient(socketPath: NSTemporaryDirectory() + "zane-no-caddy-\(UUID().uuidString).sock")
        #expect(await !admin.isAnswering())
        do {
            try await admin.load([:])
            Issue.record("a load without Caddy succeeded")
        } catch let error as CaddyAdminError {
            #expect(error.isTransient)
        }
    }
}

/// A Caddy process with its admin API on a socket in a fresh directory and an HTTP listener on a free port.
struct RealCaddy {
    static var binary: String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ZANE_TEST_CADDY_BINARY"], !path.isEmpty { return path }
        return environment["CI"] == "true" ? "ZANE_TEST_CADDY_BINARY is not set" : nil
    }

    let directory: String
    let port: Int
    var adminSocket: String { directory + "/admin.sock" }

    static func run(_ body: (RealCaddy) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "zane-caddy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let caddy = RealCaddy(directory: directory, port: try freePort())
        let configFile = directory + "/caddy.json"
        try Data(caddy.config(body: "boot").jsonText.utf8).write(to: URL(fileURLWithPath: configFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary ?? "caddy")
        process.arguments = ["run", "--config", configFile]
        process.environment = ["HOME": directory, "XDG_DATA_HOME": directory, "XDG_CONFIG_HOME": directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let admin = CaddyAdminClient(socketPath: caddy.adminSocket)
        for _ in 0..<100 where !(await admin.isAnswering()) { try await Task.sleep(for: .milliseconds(100)) }
        try await body(caddy)
    }

    /// A server on `port` whose one route answers `body`; its handler has the `@id` `greeting`.
    func config(body: String) -> JSONValue {
        [
            "admin": ["listen": .string("unix/\(adminSocket)"), "origins": [.string(CaddyAdminClient.host)]],
            "apps": [
                "http": [
                    "servers": [
                        "test": [
                            "listen": [.string("127.0.0.1:\(port)")],
                            "routes": [
                                ["handle": [["@id": "greeting", "handler": "static_response", "body": .string(body)]]]
                            ],
                        ]
                    ]
                ]
            ],
        ]
    }

    func response(path: String = "/", host: String? = nil) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Connection", value: "close")
        if let host { request.headers.replaceOrAdd(name: "Host", value: host) }
        return try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    }

    func get() async throws -> String {
        String(buffer: try await response().body.collect(upTo: 1 << 20))
    }

    /// A port the kernel just handed out and released.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw Failure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
