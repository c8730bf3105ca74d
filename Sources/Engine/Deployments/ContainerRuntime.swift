import DockerEngine

/// What the deployment pipeline asks of the container engine: Swarm services and their tasks, and the
/// networks, volumes, configs and images they use. `DockerEngineClient` is the real one; tests also run the
/// pipeline on a fake.
public protocol ContainerRuntime: Sendable {
    func createOverlayNetworkIfAbsent(_ name: String, labels: [String: String]) async throws
    func networkNames(labelled labels: [String]) async throws -> [String]
    func removeNetwork(_ name: String) async throws

    /// True when the volume was created now.
    func createVolumeIfAbsent(_ name: String, labels: [String: String]) async throws -> Bool
    func volumeNames(labelled labels: [String]) async throws -> [String]
    func removeVolume(_ name: String) async throws

    func createConfigIfAbsent(_ name: String, contents: String, labels: [String: String]) async throws -> (
        id: String, created: Bool
    )
    func configNames(labelled labels: [String]) async throws -> [String]
    func removeConfig(_ name: String) async throws

    func imageExists(_ reference: String) async throws -> Bool
    func pull(_ reference: String) async throws
    /// Builds and tags an image, streaming the builder's lines; throws `DockerEngineError.buildFailed`.
    func buildImage(
        _ build: DockerEngineClient.ImageBuild, timeout: Duration, output: @Sendable (String) async -> Void
    ) async throws
    func images(labelled labels: [String]) async throws -> [DockerEngineClient.ImageSummary]
    func removeImage(_ reference: String) async throws

    /// The service's id, created now or found.
    func createServiceIfAbsent(_ spec: SwarmServiceSpec) async throws -> String
    func service(named name: String) async throws -> DockerEngineClient.ServiceInfo?
    func updateService(_ service: DockerEngineClient.ServiceInfo, to spec: SwarmServiceSpec) async throws
    func removeService(named name: String) async throws
    func serviceNames(labelled labels: [String]) async throws -> [String]
    func tasks(ofService name: String) async throws -> [DockerEngineClient.Task]
    /// The containers (running or not) of a Swarm service's tasks.
    func containerIDs(named name: String) async throws -> [String]
    func exec(_ command: [String], inContainer container: String) async throws -> DockerEngineClient.ExecResult
}

extension DockerEngineClient: ContainerRuntime {}
