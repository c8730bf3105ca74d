import Domain

/// A status as colour, icon and words (the words are what screen readers announce).
enum StatusBadge {
    static func badge(_ status: Deployment.Status) -> HTML { badge(status.rawValue) }

    /// `HEALTHY`, `DEPLOYING`, `NOT_DEPLOYED_YET`… as the API writes them.
    static func badge(_ status: String) -> HTML {
        let tone: String
        switch status {
        case "HEALTHY": tone = "good"
        case "FAILED", "UNHEALTHY", "CANCELLED", "CANCELLING": tone = "bad"
        case "QUEUED", "PREPARING", "BUILDING", "STARTING", "RESTARTING", "DEPLOYING": tone = "busy"
        default: tone = "idle"
        }
        let words = status.replacingOccurrences(of: "_", with: " ").capitalized
        return
            "<span class=\"badge \(tone)\" data-status=\"\(status)\"><span class=\"icon\" aria-hidden=\"true\"></span>\(words)</span>"
    }
}
