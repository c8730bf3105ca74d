import Testing

@testable import Domain

/// Every (from, to, writer) triple against the table of `deploy.md` §1.2, written out here on its own.
@Suite("Deployment status transitions")
struct DeploymentTransitionsTests {
    /// `writer: "FROM>TO"`, each line a row of the table.
    static let allowed: [StatusWriter: [String]] = [
        .api: ["QUEUED>CANCELLED"],
        .pipeline: [
            "QUEUED>PREPARING", "PREPARING>BUILDING",
            "PREPARING>STARTING", "PREPARING>RESTARTING", "STARTING>STARTING", "STARTING>RESTARTING",
            "RESTARTING>STARTING",
            "RESTARTING>RESTARTING", "BUILDING>STARTING", "BUILDING>RESTARTING",
            "PREPARING>HEALTHY", "STARTING>HEALTHY", "RESTARTING>HEALTHY", "BUILDING>HEALTHY",
            "PREPARING>FAILED", "STARTING>FAILED", "RESTARTING>FAILED", "BUILDING>FAILED",
            "PREPARING>CANCELLING", "STARTING>CANCELLING", "RESTARTING>CANCELLING", "BUILDING>CANCELLING",
            "CANCELLING>CANCELLED",
        ],
        .monitor: ["HEALTHY", "UNHEALTHY", "STARTING", "RESTARTING"].flatMap { from in
            ["HEALTHY", "UNHEALTHY", "STARTING", "RESTARTING"].map { "\(from)>\($0)" }
        },
        .sleep: [
            "HEALTHY>SLEEPING", "UNHEALTHY>SLEEPING", "STARTING>SLEEPING", "RESTARTING>SLEEPING", "SLEEPING>STARTING",
        ],
        .cleanup: [
            "HEALTHY", "UNHEALTHY", "STARTING", "RESTARTING", "SLEEPING", "PREPARING", "BUILDING", "CANCELLING",
            "FAILED",
        ].map {
            "\($0)>REMOVED"
        },
    ]

    @Test(arguments: StatusWriter.allCases)
    func everyTransitionIsAllowedOrRefusedAsTheTableSays(_ writer: StatusWriter) {
        let allowed = Set(Self.allowed[writer] ?? [])
        for from in Deployment.Status.allCases {
            for to in Deployment.Status.allCases {
                let expected = allowed.contains("\(from.rawValue)>\(to.rawValue)")
                #expect(from.canMove(to: to, by: writer) == expected, "\(from.rawValue) → \(to.rawValue) by \(writer)")
            }
        }
    }

    @Test func theMonitorNeverTouchesAFailedSleepingOrRemovedDeployment() {
        for from in [Deployment.Status.failed, .sleeping, .removed, .cancelled, .queued, .preparing] {
            for to in Deployment.Status.allCases { #expect(!from.canMove(to: to, by: .monitor)) }
        }
    }

    @Test func unhealthyIsWrittenOnlyByTheMonitor() {
        for writer in StatusWriter.allCases where writer != .monitor {
            for from in Deployment.Status.allCases { #expect(!from.canMove(to: .unhealthy, by: writer), "\(writer)") }
        }
    }

    @Test func moveChangesTheStatusOrThrowsAndLeavesItAlone() throws {
        var deployment = Deployment(
            serviceID: "srv", slot: .blue, trigger: .manual, commitMessage: "x", snapshot: nil, changes: [],
            queuedAt: .now())
        try deployment.move(to: .preparing, reason: nil, by: .pipeline)
        try deployment.move(to: .failed, reason: "exited", by: .pipeline)
        #expect(deployment.status == .failed && deployment.statusReason == "exited")
        #expect(throws: RefusedTransition(from: .failed, to: .unhealthy, writer: .monitor)) {
            try deployment.move(to: .unhealthy, reason: "down", by: .monitor)
        }
        #expect(throws: RefusedTransition.self) { try deployment.move(to: .removed, reason: nil, by: .cleanup) }
        #expect(deployment.status == .failed && deployment.statusReason == "exited")
        deployment.isCurrentProduction = true
        try deployment.move(to: .removed, reason: nil, by: .cleanup)
        #expect(deployment.status == .removed)
        for to in Deployment.Status.allCases {
            for writer in StatusWriter.allCases { #expect(!Deployment.Status.removed.canMove(to: to, by: writer)) }
        }
    }
}
