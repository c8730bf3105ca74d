import Domain
import Foundation

/// How the dashboard writes values people read.
enum DashboardFormat {
    /// `4 Dec 2026, 03:33 UTC` in a `<time>` element, which the page's script turns into "3 minutes ago".
    static func time(_ timestamp: Timestamp) -> HTML {
        let date = Date(timeIntervalSince1970: Double(timestamp.microseconds) / 1_000_000)
        return "<time datetime=\"\(timestamp.iso8601)\">\(date.formatted(readable))</time>"
    }

    static let readable = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: TimeZone(identifier: "UTC")!)
        .locale(Locale(identifier: "en_GB"))
}
