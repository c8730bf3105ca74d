/// Who writes a deployment's status (the "set by" column of `deploy.md` §1.1).
public enum StatusWriter: String, Sendable, CaseIterable {
    /// Deploy, cancel and clean-up requests, before a pipeline took the deployment.
    case api
    /// The deployment's own pipeline run (and its recovery after a restart).
    case pipeline
    /// The health monitor, and the one check after a wake-up: production deployments only.
    case monitor
    /// Stopping and starting a deployment: by the user, or around a successor's deploy.
    case sleep
    /// A successor that became production removes the deployments it supersedes.
    case cleanup
}

/// A status change that `deploy.md` §1.2 does not allow.
public struct RefusedTransition: Error, CustomStringConvertible, Equatable {
    public let from: Deployment.Status
    public let to: Deployment.Status
    public let writer: StatusWriter

    public var description: String {
        "a deployment cannot go from \(from.rawValue) to \(to.rawValue) (\(writer.rawValue))"
    }
}

extension Deployment.Status {
    /// Running or about to run, in the Swarm service a deployment has once it is live.
    public static let live: Set<Self> = [.healthy, .unhealthy, .starting, .restarting]
    static let taken: Set<Self> = [.preparing, .building, .starting, .restarting]

    /// The statuses `writer` may move a deployment to `target` from (`deploy.md` §1.2). A live status may
    /// be written again with a new reason; nothing leaves `CANCELLED` or `REMOVED`.
    public static func sources(of target: Self, by writer: StatusWriter) -> Set<Self> {
        switch (writer, target) {
        case (.api, .cancelled): [.queued]
        case (.pipeline, .preparing): [.queued]
        case (.pipeline, .building): [.preparing]
        case (.pipeline, .starting), (.pipeline, .restarting): taken
        case (.pipeline, .healthy): taken
        case (.pipeline, .failed), (.pipeline, .cancelling): taken
        case (.pipeline, .cancelled): [.cancelling]
        case (.monitor, .healthy), (.monitor, .unhealthy), (.monitor, .starting), (.monitor, .restarting): live
        case (.sleep, .sleeping): live
        case (.sleep, .starting): [.sleeping]
        case (.cleanup, .removed): live.union(taken).union([.sleeping, .cancelling, .failed])
        default: []
        }
    }

    public func canMove(to target: Self, by writer: StatusWriter) -> Bool {
        Self.sources(of: target, by: writer).contains(self)
    }
}

extension Deployment {
    /// The one way a deployment's status changes. A `FAILED` deployment is final unless it is the
    /// production one (a service's first deployment), which a healthy successor removes.
    public mutating func move(to target: Status, reason: String?, by writer: StatusWriter) throws(RefusedTransition) {
        guard status.canMove(to: target, by: writer), status != .failed || isCurrentProduction else {
            throw RefusedTransition(from: status, to: target, writer: writer)
        }
        status = target
        statusReason = reason
    }
}
