import DockerEngine
import Engine

/// An engine in memory for pipeline tests: Swarm services get one task each, which runs (or fails, for the
/// images listed in `failingImages`) at once; every call is recorded by name.
public actor FakeContainerRuntime: ContainerRuntime {
    public struct Service: Sendable {
        public var info: DockerEngineClient.ServiceInfo
        public var taskState: String
    }

    public private(set) var calls: [String] = []
    public private(set) var networks: Set<String> = []
    public private(set) var volumes: [String: [String: String]] = [:]
    public private(set) var configs: [String: (id: String, labels: [String: String])] = [:]
    public private(set) var services: [String: Service] = [:]
    public var images: Set<String>
    /// Images whose task exits at once.
    public var failingImages: Set<String> = []
    /// Images that no registry has.
    public var missingImages: Set<String> = []
    /// Exit codes of `exec`, by the command's first word (0 when absent).
    public var execExitCodes: [String: Int] = [:]
    /// While true, creating a Swarm service waits (a step that is slow on purpose).
    public private(set) var holdsServiceCreation = false
    private var nextID = 0

    public init(images: Set<String> = []) { self.images = images }

    public func setFailingImages(_ images: Set<String>) { failingImages = images }

    public func setExecExitCode(_ code: Int, for command: String) { execExitCodes[command] = code }

    public func holdServiceCreation(_ hold: Bool) { holdsServiceCreation = hold }

    private func record(_ call: String) { calls.append(call) }

    private func newID() -> String {
        nextID += 1
        return "fake\(nextID)"
    }

    private static func matches(_ labels: [String: String], _ wanted: [String]) -> Bool {
        wanted.allSatisfy { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? labels[parts[0]] == parts[1] : labels[parts[0]] != nil
        }
    }

    public func createOverlayNetworkIfAbsent(_ name: String, labels: [String: String]) async throws {
        record("createNetwork \(name)")
        networks.insert(name)
    }

    public func networkNames(labelled labels: [String]) async throws -> [String] { [] }

    public func removeNetwork(_ name: String) async throws {
        record("removeNetwork \(name)")
        networks.remove(name)
    }

    public func createVolumeIfAbsent(_ name: String, labels: [String: String]) async throws -> Bool {
        record("createVolume \(name)")
        guard volumes[name] == nil else { return false }
        volumes[name] = labels
        return true
    }

    public func volumeNames(labelled labels: [String]) async throws -> [String] {
        volumes.filter { Self.matches($0.value, labels) }.map(\.key).sorted()
    }

    public func removeVolume(_ name: String) async throws {
        record("removeVolume \(name)")
        volumes[name] = nil
    }

    public func createConfigIfAbsent(_ name: String, contents: String, labels: [String: String]) async throws -> (
        id: String, created: Bool
    ) {
        record("createConfig \(name)")
        if let existing = configs[name] { return (existing.id, false) }
        let id = newID()
        configs[name] = (id, labels)
        return (id, true)
    }

    public func configNames(labelled labels: [String]) async throws -> [String] {
        configs.filter { Self.matches($0.value.labels, labels) }.map(\.key).sorted()
    }

    public func removeConfig(_ name: String) async throws {
        record("removeConfig \(name)")
        configs[name] = nil
    }

    public func imageExists(_ reference: String) async throws -> Bool { images.contains(reference) }

    /// Builds succeed at once with one line of output (the real builder's failures are tested on the engine).
    public func buildImage(
        _ build: DockerEngineClient.ImageBuild, timeout: Duration, output: @Sendable (String) async -> Void
    ) async throws {
        record("buildImage \(build.tag)")
        await output("Successfully tagged \(build.tag)")
        images.insert(build.tag)
    }

    public func images(labelled labels: [String]) async throws -> [DockerEngineClient.ImageSummary] { [] }

    public func removeImage(_ reference: String) async throws {
        record("removeImage \(reference)")
        images.remove(reference)
    }

    public func pull(_ reference: String) async throws {
        record("pull \(reference)")
        guard !missingImages.contains(reference) else {
            throw DockerEngineError.unexpectedStatus(404, "manifest unknown", path: "/images/create")
        }
        images.insert(reference)
    }

    public func createServiceIfAbsent(_ spec: SwarmServiceSpec) async throws -> String {
        record("createService \(spec.name)")
        while holdsServiceCreation { try await Task.sleep(for: .milliseconds(20)) }
        if let existing = services[spec.name] { return existing.info.id }
        let id = newID()
        let state = failingImages.contains(spec.taskTemplate.containerSpec.image) ? "failed" : "running"
        services[spec.name] = Service(info: .init(id: id, version: .init(index: 1), spec: spec), taskState: state)
        return id
    }

    public func service(named name: String) async throws -> DockerEngineClient.ServiceInfo? { services[name]?.info }

    public func updateService(_ service: DockerEngineClient.ServiceInfo, to spec: SwarmServiceSpec) async throws {
        record("updateService \(spec.name) replicas=\(spec.mode.replicated.replicas)")
        guard let current = services[spec.name] else {
            throw DockerEngineError.unexpectedStatus(404, "service \(spec.name) not found", path: "/services/update")
        }
        services[spec.name] = Service(
            info: .init(id: current.info.id, version: .init(index: current.info.version.index + 1), spec: spec),
            taskState: current.taskState)
    }

    public func removeService(named name: String) async throws {
        record("removeService \(name)")
        services[name] = nil
    }

    public func serviceNames(labelled labels: [String]) async throws -> [String] {
        services.filter { Self.matches($0.value.info.spec.labels ?? [:], labels) }.map(\.key).sorted()
    }

    public func tasks(ofService name: String) async throws -> [DockerEngineClient.Task] {
        guard let service = services[name], service.info.spec.mode.replicated.replicas > 0 else { return [] }
        let failed = service.taskState == "failed"
        return [
            .init(
                id: "task-\(service.info.id)", version: service.info.version, desiredState: "running",
                status: .init(
                    state: service.taskState, message: failed ? "task: non-zero exit (1)" : "started",
                    err: failed ? "task: non-zero exit (1)" : nil,
                    containerStatus: .init(containerID: "container-\(service.info.id)", exitCode: failed ? 1 : nil)))
        ]
    }

    public func containerIDs(named name: String) async throws -> [String] {
        guard let service = services[name], service.info.spec.mode.replicated.replicas > 0 else { return [] }
        return ["container-\(service.info.id)"]
    }

    public func exec(_ command: [String], inContainer container: String) async throws -> DockerEngineClient.ExecResult {
        record("exec \(command.joined(separator: " "))")
        let code = execExitCodes[command.first ?? ""] ?? 0
        return .init(exitCode: code, output: code == 0 ? "ok" : "")
    }
}
