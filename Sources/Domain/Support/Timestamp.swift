import Foundation

/// A UTC instant with microsecond precision, stored as integer microseconds so that SQLite and
/// PostgreSQL round-trip it exactly.
public struct Timestamp: Hashable, Comparable, Sendable {
    public let microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public init(_ date: Date) {
        self.microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    /// Nanoseconds since the epoch, as log lines are timed; instants 64 bits cannot hold (before 1677,
    /// after 2262) are clamped to the nearest that can.
    public var nanoseconds: Int64 {
        let (value, overflow) = microseconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (microseconds < 0 ? .min : .max) : value
    }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(microseconds: microseconds + seconds * 1_000_000) }

    /// Whole seconds from `other` to `self`, rounded down.
    public func seconds(since other: Timestamp) -> Int64 { (microseconds - other.microseconds) / 1_000_000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// `2024-07-10T17:05:56.276194Z`, or `2024-07-10T17:05:56Z` when the microseconds are zero.
    public var iso8601: String {
        var seconds = time_t(microseconds.floorDivided(by: 1_000_000))
        let micros = Int(microseconds - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Written digit by digit: String(format:) costs microseconds per call, and lists format thousands.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(Int(parts.tm_hour), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), digits: 2)
        if micros != 0 {
            bytes.append(UInt8(ascii: "."))
            append(micros, digits: 6)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
