import Domain
import Testing

@Suite("Timestamps in queries")
struct TimestampParsingTests {
    @Test func fractionsAreExactAndZonesApply() {
        let exact = Timestamp(microseconds: 1_795_975_807_708_322)
        #expect(Timestamp(iso8601: exact.iso8601) == exact, "a written time reads back to the microsecond")
        #expect(Timestamp(iso8601: "2026-11-29T18:10:07.7Z")?.microseconds == 1_795_975_807_700_000)
        #expect(Timestamp(iso8601: "2026-11-29T18:10:07.123456789Z")?.microseconds == 1_795_975_807_123_456)
        #expect(Timestamp(iso8601: "2026-11-29T18:10:07") == Timestamp(iso8601: "2026-11-29T18:10:07Z"), "no zone: UTC")
        #expect(Timestamp(iso8601: "2026-11-29T20:10:07.5+02:00")?.microseconds == 1_795_975_807_500_000)
        for invalid in ["yesterday", "2026-11-29", "2026-11-29T18:10:07.Z", "2026-13-29T18:10:07Z"] {
            #expect(Timestamp(iso8601: invalid) == nil, "\(invalid)")
        }
    }
}
