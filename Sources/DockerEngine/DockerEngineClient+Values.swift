/// A task made in code, as a fake engine answers it (the engine's answers are decoded).
extension DockerEngineClient.Task {
    public init(id: String, version: DockerEngineClient.ServiceInfo.Version, desiredState: String, status: Status) {
        self.id = id
        self.version = version
        self.desiredState = desiredState
        self.status = status
        networksAttachments = nil
    }
}
