import Domain
import Testing

@testable import WebApp

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test func aFullLimiterEvictsItsOldestCountersInsteadOfResettingAll() throws {
        let limiter = RateLimiter(maximumKeys: 100)
        let limit = RateLimit(count: 3, seconds: 900)
        let start = Timestamp.now()
        func at(_ second: Int64) -> Timestamp { Timestamp(microseconds: start.microseconds + second * 1_000_000) }
        // The attacked account's counter, recent, at its limit.
        for _ in 0..<3 { try limiter.hit("victim", limit: limit, now: at(500)) }
        for index in 0..<99 { try limiter.hit("old-\(index)", limit: limit, now: at(Int64(index % 50))) }
        for index in 0..<20 { try limiter.hit("flood-\(index)", limit: limit, now: at(600)) }
        #expect(throws: DomainError.self, "new keys did not reset the victim's counter") {
            try limiter.hit("victim", limit: limit, now: at(601))
        }
        for _ in 0..<2 { try limiter.hit("old-98", limit: limit, now: at(602)) }
        #expect(throws: DomainError.self, "a recent counter survives") {
            try limiter.hit("old-98", limit: limit, now: at(603))
        }
        // The oldest counter went: its key starts again from zero.
        for _ in 0..<3 { try limiter.hit("old-0", limit: limit, now: at(604)) }
    }
}
