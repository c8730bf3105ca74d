/// One run of a service's configuration: queued, taken by the pipeline, and ending healthy, failed or
/// cancelled (`deploy.md` §1).
public struct Deployment: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case queued = "QUEUED"
        case cancelled = "CANCELLED"
        case cancelling = "CANCELLING"
        case failed = "FAILED"
        case preparing = "PREPARING"
        case building = "BUILDING"
        case starting = "STARTING"
        case restarting = "RESTARTING"
        case healthy = "HEALTHY"
        case unhealthy = "UNHEALTHY"
        case removed = "REMOVED"
        case sleeping = "SLEEPING"

        /// Taken by a pipeline that has not finished.
        public var isInProgress: Bool { [.preparing, .building, .starting, .restarting, .cancelling].contains(self) }
    }

    public enum Slot: String, Sendable, CaseIterable {
        case blue = "BLUE"
        case green = "GREEN"
    }

    /// `srv-<service id without prefix>.<slot>.zaneops.internal`: the network alias of the service's
    /// deployment in this slot, which the proxy's routes dial.
    public static func networkAlias(serviceID: String, slot: Slot) -> String {
        "srv-\(serviceID.dropFirst("srv_dkr_".count).lowercased()).\(slot.rawValue.lowercased()).zaneops.internal"
    }
    public enum Trigger: String, Sendable, CaseIterable {
        case manual = "MANUAL"
        case api = "API"
        case auto = "AUTO"
    }

    public static let hashPrefix = "dpl_dkr_"
    public static let defaultCommitMessage = "update service"

    public var hash: String
    public var serviceID: String
    /// Changed only by `move(to:reason:by:)`, which knows the allowed transitions.
    public internal(set) var status: Status
    public var statusReason: String?
    public var isCurrentProduction: Bool
    public var slot: Slot
    public var queuedAt: Timestamp
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?
    public var trigger: Trigger
    public var commitMessage: String
    public var redeployHash: String?
    /// A git service's commit: `HEAD` until the pipeline has fetched the branch, then its full sha.
    public var commitSHA: String?
    public var commitAuthorName: String?
    public var ignoreBuildCache = false
    public var buildStartedAt: Timestamp?
    public var buildFinishedAt: Timestamp?
    /// The service right after this deployment's changes were applied: the pipeline's input. nil when the
    /// stored snapshot is of no form this version reads.
    public var snapshot: DeploymentSnapshot?
    /// The changes this deployment applied.
    public var changes: [ServiceChange]
    /// A cancel request that the pipeline acts on at its next checkpoint.
    public var cancelRequested: Bool

    public init(
        hash: String = RandomID.make(prefix: Deployment.hashPrefix), serviceID: String, slot: Slot, trigger: Trigger,
        commitMessage: String,
        redeployHash: String? = nil, snapshot: DeploymentSnapshot?, changes: [ServiceChange], queuedAt: Timestamp,
        storedStatus: Status = .queued
    ) {
        self.hash = hash
        self.serviceID = serviceID
        status = storedStatus
        isCurrentProduction = false
        self.slot = slot
        self.queuedAt = queuedAt
        self.trigger = trigger
        self.commitMessage = commitMessage
        self.redeployHash = redeployHash
        self.snapshot = snapshot
        self.changes = changes
        cancelRequested = false
    }

    public var unprefixedHash: String { String(hash.dropFirst(Self.hashPrefix.count)) }

    /// `GREEN` after a production deployment in `BLUE` that did not fail; `BLUE` otherwise (§1.4).
    public static func nextSlot(after production: Deployment?) -> Slot {
        guard let production, production.slot == .blue, production.status != .failed else { return .blue }
        return .green
    }
}
