import Foundation

extension Timestamp {
    /// An ISO-8601 date-time as query parameters carry it; a time without a zone is UTC. Fractions of a
    /// second are read digit by digit (to the microsecond): through a `Double` they could lose one.
    public init?(iso8601 text: String) {
        var zoned =
            text.hasSuffix("Z") || text.dropFirst(10).contains("+") || text.dropFirst(10).contains("-")
            ? text : text + "Z"
        var micros: Int64 = 0
        if let dot = zoned.firstIndex(of: "."), zoned.distance(from: zoned.startIndex, to: dot) >= 19 {
            let digits = zoned[zoned.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits.prefix(6)) else { return nil }
            micros = value
            for _ in digits.prefix(6).count..<6 { micros *= 10 }
            zoned.removeSubrange(dot..<zoned.index(dot, offsetBy: digits.count + 1))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: zoned) else { return nil }
        self.init(microseconds: Int64(date.timeIntervalSince1970.rounded()) * 1_000_000 + micros)
    }
}
