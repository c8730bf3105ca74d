import Foundation

/// `--since` values: an age (`30s`, `10m`, `2h`, `1d`) or an ISO-8601 date-time, as the API's `time_after`.
public enum RelativeTime {
    public static func iso8601(since text: String, now: Date = Date()) throws(ClientError) -> String {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0 {
            return format(now.addingTimeInterval(-amount * unit))
        }
        if ISO8601DateFormatter().date(from: text) != nil || text.contains("T") { return text }
        throw .usage("`\(text)` is not a time: write an age (30s, 10m, 2h, 1d) or a date-time (2026-12-05T10:00:00Z).")
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
