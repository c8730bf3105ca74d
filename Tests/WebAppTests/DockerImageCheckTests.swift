import Foundation
import TestSupport
import Testing
import Vapor
import WebApp

/// Service creation against the real Docker engine (`scripts/start-docker.sh` builds `zane-test/busybox`).
@Suite(
    "Image check on the real engine", .tags(.e2e),
    .enabled(if: TestEnvironment.dockerEnabled, "needs E2E_DOCKER=1 and a Docker engine"))
struct DockerImageCheckTests {
    @Test func anImagePresentLocallyIsAcceptedAndAnUnknownOneRefused() async throws {
        var config = testConfig()
        config.dockerSocket = "/var/run/docker.sock"
        try await withTestApp(database: .sqlite, config: config) { app in
            let client = APIClient(app)
            try await client.signUp()
            try await client.send(.POST, "/api/projects", json: #"{"slug": "shop"}"#)
            let url = "/api/projects/shop/production/create-service/docker"
            let present = try await client.send(
                .POST, url, json: #"{"slug": "web", "image": "zane-test/busybox:latest"}"#)
            #expect(present.status == .created)
            let absent = try await client.send(
                .POST, url, json: #"{"slug": "ghost", "image": "zane-test/does-not-exist:1"}"#)
            #expect(absent.status == .badRequest && absent.errorAttrs == ["image"])
            #expect(
                (absent.firstError["detail"] as? String)?.hasPrefix(
                    "Either the image `zane-test/does-not-exist:1` doesn't exist") == true)
        }
    }
}
