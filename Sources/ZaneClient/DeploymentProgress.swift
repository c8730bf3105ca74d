/// What a deployment being waited for looks like: its pipeline's steps so far, drawn as one status line on a
/// terminal (`✔ queued  ✔ preparing  ⠹ starting  · healthy  12s`) or as one plain line per change elsewhere.
public struct DeploymentProgress: Sendable {
    public static let finalStatuses: Set<String> = [
        "HEALTHY", "UNHEALTHY", "FAILED", "CANCELLED", "REMOVED", "SLEEPING",
    ]
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public let hash: String
    public private(set) var status = "QUEUED"
    /// The steps shown, in order; `BUILDING` joins them when the deployment builds.
    var steps = ["QUEUED", "PREPARING", "STARTING", "HEALTHY"]

    public init(hash: String) { self.hash = hash }

    public static func isFinal(_ status: String) -> Bool { finalStatuses.contains(status) }

    /// Records a status; true when it is a change worth telling.
    public mutating func update(_ newStatus: String) -> Bool {
        guard newStatus != status else { return false }
        if newStatus == "BUILDING", !steps.contains("BUILDING") { steps.insert("BUILDING", at: 2) }
        status = newStatus
        return true
    }

    /// The plain line for a status change (CI logs, pipes).
    public var plainLine: String { "deployment \(hash): \(status)" }

    /// The terminal's status line: done steps ticked, the current one spinning, a failure crossed.
    public func statusLine(frame: Int, elapsedSeconds: Int, terminal: Terminal) -> String {
        let current = steps.firstIndex(of: status)
        var parts: [String] = []
        for (index, step) in steps.enumerated() {
            let name = step.lowercased()
            if let current, index < current || (index == current && step == "HEALTHY") {
                parts.append(terminal.styled("✔ " + name, .green))
            } else if let current, index == current {
                parts.append(terminal.styled(Self.spinner[frame % Self.spinner.count] + " " + name, .cyan))
            } else {
                parts.append(terminal.styled("· " + name, .dim))
            }
        }
        if current == nil {
            let failed = Self.isFinal(status) && status != "HEALTHY"
            parts.append(terminal.styled((failed ? "✘ " : "… ") + status.lowercased(), failed ? .red : .yellow))
        }
        return parts.joined(separator: "  ") + "  " + terminal.styled("\(elapsedSeconds)s", .dim)
    }
}
