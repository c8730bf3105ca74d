import Foundation

extension Timestamp {
    /// An ISO-8601 date-time as query parameters carry it; a time without a zone is UTC.
    public init?(iso8601 text: String) {
        let zoned = text.hasSuffix("Z") || text.dropFirst(10).contains("+") || text.dropFirst(10).contains("-") ? text : text + "Z"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: zoned) {
            self.init(date)
            return
        }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: zoned) else { return nil }
        self.init(date)
    }
}
