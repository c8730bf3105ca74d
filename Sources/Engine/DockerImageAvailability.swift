import DockerEngine
import Domain
import Logging

/// Looks for the image in the local engine first, then asks the engine to find it in its registry
/// (air-gapped hosts and locally built test images need the first step).
public struct DockerImageAvailability: ImageAvailability {
    let docker: DockerEngineClient
    let logger: Logger

    public init(docker: DockerEngineClient, logger: Logger) {
        self.docker = docker
        self.logger = logger
    }

    public func isAvailable(_ image: String) async -> Bool {
        do {
            if try await docker.imageExists(image) { return true }
            return try await docker.imageExistsInRegistry(image)
        } catch {
            logger.warning("image check failed", metadata: ["image": "\(image)", "error": "\(error)"])
            return false
        }
    }
}
