import DockerEngine
import Domain

/// The Swarm service of a deployment (`deploy.md` §4.2).
enum SwarmSpecBuilder {
    /// `configIDs`: Docker config id by config name.
    static func spec(
        for deployment: Deployment, _ snapshot: DeploymentSnapshot, instance: String, configIDs: [String: String],
        replicas: Int = 1
    ) -> SwarmServiceSpec {
        let configuration = snapshot.configuration
        var mounts: [SwarmServiceSpec.Mount] = configuration.volumes.map { volume in
            if let hostPath = volume.hostPath {
                return .bind(hostPath, at: volume.containerPath, readOnly: volume.mode == .readOnly)
            }
            return .volume(DockerNames.volume(volume.id), at: volume.containerPath, readOnly: volume.mode == .readOnly)
        }
        mounts += configuration.sharedVolumes.map {
            .volume(DockerNames.volume($0.volumeID), at: $0.containerPath, readOnly: true)
        }
        let configs = configuration.configs.compactMap { config -> SwarmServiceSpec.ConfigReference? in
            let name = DockerNames.config(config)
            return configIDs[name].map { SwarmServiceSpec.ConfigReference(id: $0, name: name, path: config.mountPath) }
        }
        var container = SwarmServiceSpec.ContainerSpec(
            image: configuration.image ?? "", command: configuration.command.map(ShellWords.split),
            env: ContainerEnvironment.variables(of: snapshot, deployment: deployment), mounts: mounts, configs: configs)
        // What the runtime-log collector finds containers by.
        container.labels = DockerNames.containerLabels(
            instance: instance, serviceID: snapshot.serviceID, hash: deployment.hash)
        let limits = configuration.resourceLimits
        let resources = limits.map { limits in
            SwarmServiceSpec.Resources(
                nanoCPUs: limits.cpus.map { Int64(($0 * 1_000_000_000).rounded()) }, memoryBytes: limits.memory?.bytes)
        }
        let networks: [SwarmServiceSpec.NetworkAttachment] = [
            .init(
                target: DockerNames.environmentNetwork(
                    projectID: snapshot.projectID, environmentID: snapshot.environmentID),
                aliases: snapshot.networkAliases),
            .init(
                target: DockerNames.globalNetwork,
                aliases: [
                    Deployment.networkAlias(serviceID: snapshot.serviceID, slot: deployment.slot),
                    snapshot.globalNetworkAlias,
                    String(snapshot.globalNetworkAlias.dropLast(".zaneops.internal".count)),
                ]),
        ]
        let labels = DockerNames.managedLabels(projectID: snapshot.projectID, instance: instance).merging([
            "deployment_hash": deployment.hash, "service": snapshot.serviceID,
            "status": replicas == 0 ? "sleeping" : "active",
        ]) { $1 }
        return SwarmServiceSpec(
            name: DockerNames.swarmService(
                projectID: snapshot.projectID, serviceID: snapshot.serviceID, hash: deployment.hash),
            labels: labels, taskTemplate: .init(containerSpec: container, resources: resources, networks: networks),
            replicas: replicas,
            endpointSpec: .init(
                ports: replicas == 0 ? [] : configuration.ports.map { .init(published: $0.host, target: $0.forwarded) })
        )
    }
}
