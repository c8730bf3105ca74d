import DockerEngine
import Foundation
import Testing
import Vapor

/// The client against a small fake engine served on a temporary unix socket.
@Suite("Docker engine client")
struct DockerEngineClientTests {
    func withFakeEngine(_ body: (DockerEngineClient) async throws -> Void) async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fake-docker-\(UUID().uuidString.prefix(8)).sock"
        ).path
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        app.http.server.configuration.address = .unixDomainSocket(path: socket)
        app.get("_ping") { _ in "OK" }
        app.get("v1.41", "images", "**") { request -> Response in
            // Like the real engine, which answers 400 "missing required Host header".
            guard request.headers.first(name: .host)?.isEmpty == false else { return Response(status: .badRequest) }
            let name = request.url.path.replacingOccurrences(of: "/v1.41/images/", with: "").replacingOccurrences(
                of: "/json", with: "")
            let present = name == "zane-test/busybox:latest"
            return Response(status: present ? .ok : .notFound, body: .init(string: #"{"message": "No such image"}"#))
        }
        app.get("v1.41", "distribution", "**") { _ in
            Response(status: .internalServerError, body: .init(string: #"{"message": "registry down"}"#))
        }
        try await app.server.start(address: nil)
        do {
            try await body(DockerEngineClient(socketPath: socket))
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    @Test func readsImagePresenceAndEngineErrors() async throws {
        try await withFakeEngine { docker in
            #expect(await docker.ping())
            #expect(try await docker.imageExists("zane-test/busybox:latest"))
            #expect(try await !docker.imageExists("zane-test/absent:1"))
            await #expect(throws: DockerEngineError.self) { try await docker.imageExistsInRegistry("nginx:alpine") }
            do {
                _ = try await docker.imageExistsInRegistry("nginx:alpine")
            } catch let DockerEngineError.unexpectedStatus(code, message, _) {
                #expect(code == 500 && message == "registry down")
            }
        }
    }

    @Test func anUnreachableEngineIsAClearError() async throws {
        let docker = DockerEngineClient(socketPath: "/nonexistent/docker.sock", timeout: .seconds(2))
        #expect(await !docker.ping())
        await #expect(throws: DockerEngineError.self) { try await docker.imageExists("nginx") }
    }

    @Test func referencesThatCouldEscapeTheirPathAreRefused() async throws {
        let docker = DockerEngineClient(socketPath: "/nonexistent/docker.sock", timeout: .seconds(2))
        for reference in ["../../containers/json?all=1", "a b", "x%2F..", "img#frag", ""] {
            await #expect(throws: DockerEngineError.invalidPath(reference)) { try await docker.imageExists(reference) }
        }
    }

    @Test func dockerHostMustBeAUnixSocket() {
        #expect(DockerEngineClient.socketPath(fromDockerHost: "unix:///var/run/docker.sock") == "/var/run/docker.sock")
        #expect(DockerEngineClient.socketPath(fromDockerHost: "tcp://127.0.0.1:2375") == nil)
        #expect(DockerEngineClient.socketPath(fromDockerHost: "unix://") == nil)
    }
}
