import DockerEngine
import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// An app wired to the real engine, with a `web` service in project `shop`; everything it created on the
/// engine is removed afterwards, its proxy included.
enum EngineTestApp {
    /// busybox httpd, under a shell that exits on SIGTERM (httpd as PID 1 would ignore it and hold the
    /// removal for the whole 30 s grace period).
    static let command = #"sh -c \"trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait\""#
    static let healthy =
        #"{"field": "healthcheck", "new_value": {"type": "COMMAND", "value": "wget -q -O /dev/null http://127.0.0.1:80/", "timeout_seconds": 20}}"#
    /// The proxy image tests run: `scripts/build-proxy-image.sh` builds it from a current Caddy release.
    static let proxyImage = ProcessInfo.processInfo.environment["ZANE_TEST_PROXY_IMAGE"] ?? "zane-local/caddy:2"

    static func config(proxy: AppConfig.Proxy?) -> AppConfig {
        var config = testConfig()
        config.dockerSocket = "/var/run/docker.sock"
        config.deployments.healthPollSeconds = 0.5
        config.deployments.metricsSampleSeconds = 2
        config.proxy = proxy
        return config
    }

    /// A proxy of its own for one test: a unique service name, a free host port, a scratch directory.
    static func proxy() throws -> AppConfig.Proxy {
        var proxy = AppConfig.Proxy()
        let id = UUID().uuidString.prefix(8).lowercased()
        proxy.serviceName = "zane-proxy-test-\(id)"
        proxy.image = proxyImage
        proxy.httpPort = try PortHolder.freePort()
        proxy.httpsPort = nil
        proxy.directory = "/tmp/zane-proxy-test-\(id)"
        proxy.superviseSeconds = 1
        proxy.drainSeconds = 0
        return proxy
    }

    static func run(
        _ docker: DockerEngineClient, proxy: AppConfig.Proxy? = nil,
        _ body: (Application, ServiceWorkbench, [String: Any]) async throws -> Void
    ) async throws {
        var projectID: String?
        defer {
            if let proxy { try? FileManager.default.removeItem(atPath: proxy.directory) }
        }
        do {
            try await withTestApp(database: .sqlite, config: config(proxy: proxy)) { app in
                let bench = try await ServiceWorkbench(app)
                let created = try await bench.createService("web", image: "zane-test/busybox:latest")
                projectID = created["project_id"] as? String
                try await body(app, bench, created)
            }
        } catch {
            await removeEverything(of: projectID, proxy: proxy, docker)
            throw error
        }
        await removeEverything(of: projectID, proxy: proxy, docker)
    }

    static func removeEverything(of projectID: String?, proxy: AppConfig.Proxy?, _ docker: DockerEngineClient) async {
        if let proxy { try? await docker.removeService(named: proxy.serviceName) }
        guard let projectID else { return }
        let labels = ["zane-project=\(projectID)"]
        for name in (try? await docker.serviceNames(labelled: labels)) ?? [] {
            try? await docker.removeService(named: name)
        }
        for _ in 0..<30 {
            let volumes = (try? await docker.volumeNames(labelled: labels)) ?? []
            for name in volumes { try? await docker.removeVolume(name) }
            if volumes.isEmpty { break }
            try? await Task.sleep(for: .seconds(1))
        }
        for name in (try? await docker.configNames(labelled: labels)) ?? [] { try? await docker.removeConfig(name) }
        for name in (try? await docker.networkNames(labelled: labels)) ?? [] { try? await docker.removeNetwork(name) }
        for image in (try? await docker.images(labelled: labels)) ?? [] { try? await docker.removeImage(image.id) }
    }
}

func withEngineApp(
    _ docker: DockerEngineClient, proxy: AppConfig.Proxy? = nil,
    _ body: (Application, ServiceWorkbench, [String: Any]) async throws -> Void
) async throws {
    try await EngineTestApp.run(docker, proxy: proxy, body)
}

func swarmName(_ projectID: String, _ serviceID: String, _ hash: String) -> String {
    "srv-\(projectID)-\(serviceID)-\(hash)"
}

extension ServiceWorkbench {
    func deploy(_ slug: String) async throws -> [String: Any] {
        let response = try await client.send(
            .PUT, "\(base)/deploy-service/docker/\(slug)", json: #"{"commit_message": "test"}"#)
        guard response.status == .ok else {
            throw TestSetupError("deploy answered \(response.status): \(response.body)")
        }
        return response.object
    }

    /// A new service with one deployment queued (without an engine it stays queued): their id and hash.
    func serviceWithDeployment(_ slug: String) async throws -> (serviceID: String, hash: String) {
        let serviceID = try #require(try await createService(slug)["id"] as? String)
        return (serviceID, try #require(try await deploy(slug)["hash"] as? String))
    }

    func deployment(_ slug: String, _ hash: String) async throws -> [String: Any] {
        try await client.send(.GET, "\(base)/service-details/\(slug)/deployments/\(hash)").object
    }

    /// Polls the deployment (up to 120 s) until its status satisfies `status`.
    func waitFor(_ hash: String, slug: String = "web", _ status: (String) -> Bool) async throws -> [String: Any] {
        for _ in 0..<240 {
            let current = try await deployment(slug, hash)
            if status(current["status"] as? String ?? "") { return current }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw TestSetupError("deployment \(hash) did not reach the expected status")
    }

    /// Polls the deployment until it reaches a status no pipeline moves it from.
    func waitForEnd(_ slug: String, _ hash: String) async throws -> [String: Any] {
        try await waitFor(hash, slug: slug) { ["HEALTHY", "FAILED", "CANCELLED", "REMOVED"].contains($0) }
    }

    /// Sets the busybox command and a passing health check, deploys, and waits for HEALTHY.
    func deployHealthy() async throws -> String {
        _ = try await change("web", #"{"field": "command", "new_value": "\#(EngineTestApp.command)"}"#)
        _ = try await change("web", EngineTestApp.healthy)
        let hash = try #require(try await deploy("web")["hash"] as? String)
        #expect(try await waitForEnd("web", hash)["status"] as? String == "HEALTHY")
        return hash
    }
}
