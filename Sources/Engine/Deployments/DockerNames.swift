import Domain

/// Names and labels of the Docker objects Zane creates (`deploy.md` §3). Every name derives from ids and
/// hashes, so a step that is run again finds what an interrupted run created instead of duplicating it.
enum DockerNames {
    static let globalNetwork = "zane"

    static func environmentNetwork(projectID: String, environmentID: String) -> String {
        "net-\(projectID)-\(environmentID)"
    }

    static func swarmService(projectID: String, serviceID: String, hash: String) -> String {
        "srv-\(projectID)-\(serviceID)-\(hash)"
    }

    static func volume(_ id: String) -> String { "vol-\(id)" }

    static func config(_ config: ConfigFile) -> String { "cf-\(config.id)-\(config.version)" }

    /// `zane-instance` tells this installation's objects from another's on a shared engine (and each test's
    /// from the others'): orphan removal only ever touches objects with its own instance label.
    static func managedLabels(projectID: String, instance: String) -> [String: String] {
        ["zane-managed": "true", "zane-project": projectID, "zane-instance": instance]
    }

    static func containerLabels(instance: String, serviceID: String, hash: String) -> [String: String] {
        ["zane-instance": instance, "zane-service": serviceID, "zane-deployment": hash]
    }

    static func ownedLabels(projectID: String, serviceID: String, instance: String) -> [String: String] {
        managedLabels(projectID: projectID, instance: instance).merging(["parent": serviceID]) { $1 }
    }

    /// `<project id>/<environment>/<service>:<commit sha>`, lower-case, each part reduced to what an image
    /// name allows: the image a git service's commit builds.
    static func builtImage(_ snapshot: DeploymentSnapshot, commit: String) -> String {
        "\(builtRepository(snapshot)):\(imageNamePart(commit))"
    }

    /// The name of a git service's images, without the tag.
    static func builtRepository(_ snapshot: DeploymentSnapshot) -> String {
        [snapshot.projectID, snapshot.environment.name, snapshot.slug].map(imageNamePart).joined(separator: "/")
    }

    /// A built image has this one label: the classic builder makes each label a build step of its own,
    /// which costs a layer commit apiece. The service's images are told apart by their name.
    static func builtImageLabels(projectID: String) -> [String: String] { ["zane-project": projectID] }

    static func imageNamePart(_ text: String) -> String {
        let kept = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let trimmed = String(kept).split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? "x" : trimmed
    }
}
