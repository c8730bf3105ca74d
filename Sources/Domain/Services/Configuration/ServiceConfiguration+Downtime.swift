extension ServiceConfiguration {
    /// Why deploying this configuration stops the running deployment before starting the new one, or nil
    /// when the two can run side by side (`deploy.md` §4.3).
    public var zeroDowntimeObstacle: String? {
        if volumes.contains(where: { $0.hostPath == nil && $0.mode == .readWrite }) {
            return
                "the service has a read-write volume, and two deployments writing to one volume can corrupt its data."
        }
        if !ports.isEmpty { return "the service publishes host ports, which only one deployment can hold at a time." }
        return nil
    }
}
