import Domain
import Foundation
import Testing

/// Bounded fuzzing of the two hand-written parsers that read request bodies: generated and mutated inputs,
/// plus the hostile shapes (deep nesting, huge numbers, invalid UTF-8, duplicate keys, 10 MB strings).
/// No input may crash or hang them; on valid JSON the result is Foundation's. The seed is fixed, so a
/// failure reproduces; `FUZZ_ITERATIONS` runs longer.
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000

    @Test func theJSONParserAgreesWithFoundationOnValidInputAndSurvivesMutations() throws {
        var random = SplitMix(seed: 0x5EED_0001)
        var agreed = 0
        var mutated = 0
        var bothAccepted = 0
        var onlyOurs = 0
        var onlyTheirs = 0
        for _ in 0..<Self.iterations {
            let value = random.jsonValue(depth: 0)
            let text = try JSONSerialization.data(withJSONObject: value.foundation, options: [.fragmentsAllowed])
            let parsed = try JSONBodyParser.parse(Array(text))
            let reference = try JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed])
            #expect(parsed.matches(reference), "\(String(decoding: text, as: UTF8.self))")
            agreed += 1

            let broken = random.mutate(Array(text))
            mutated += 1
            let ours = try? JSONBodyParser.parse(broken)
            let theirs = try? JSONSerialization.jsonObject(with: Data(broken), options: [.fragmentsAllowed])
            switch (ours, theirs) {
            case (.some(let ours), .some(let theirs)):
                bothAccepted += 1
                #expect(ours.matches(theirs), "\(broken)")
            case (.some, nil):
                onlyOurs += 1
                Issue.record("accepted by Zane, refused by Foundation: \(broken)")
            // Foundation also takes trailing commas and a leading NUL, which RFC 8259 does not.
            case (nil, .some): onlyTheirs += 1
            case (nil, nil): break
            }
        }
        print(
            "fuzz: JSON parser: \(agreed) valid documents equal to JSONSerialization, \(mutated) mutated inputs (\(bothAccepted) accepted by both, equal; \(onlyOurs) only by Zane, \(onlyTheirs) only by Foundation)"
        )
    }

    @Test func hostileJSONShapesGetAnErrorOrAValueNeverACrash() throws {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(throws: JSONParseError.self) { try JSONBodyParser.parse(Array(deep.utf8)) }
        let deepObjects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONBodyParser.parse(Array(deepObjects.utf8)) }
        for huge in [
            "1e400", "-1e400", "1" + String(repeating: "0", count: 400),
            "0." + String(repeating: "0", count: 5000) + "1e-400",
        ] {
            let parsed = try? JSONBodyParser.parse(Array(huge.utf8))
            if case .double(let number) = parsed { #expect(number.isFinite, "\(huge.prefix(20))") }
        }
        #expect(try JSONBodyParser.parse(Array("9223372036854775807".utf8)) == .int(.max))
        #expect(try JSONBodyParser.parse(Array("9223372036854775808".utf8)) == .double(9_223_372_036_854_775_808))
        for invalid: [UInt8] in [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
        ] {
            #expect(throws: JSONParseError.self) { try JSONBodyParser.parse(invalid) }
        }
        for surrogate in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#] {
            #expect(throws: JSONParseError.self, "\(surrogate)") { try JSONBodyParser.parse(Array(surrogate.utf8)) }
        }
        let duplicate = try JSONBodyParser.parse(Array(#"{"a": 1, "a": 2}"#.utf8))
        let reference = try JSONSerialization.jsonObject(with: Data(#"{"a": 1, "a": 2}"#.utf8))
        #expect(duplicate.matches(reference), "a duplicate key keeps the last value, as Foundation does")
        let long = String(repeating: "é", count: 5 << 20)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try JSONBodyParser.parse(Array("\"\(long)\"".utf8)) == .string(long), "a 10 MB string")
        #expect(clock.now - started < .seconds(30))
    }

    @Test func theDotEnvParserStaysWithinItsBoundsOnAnyText() {
        var random = SplitMix(seed: 0x5EED_0002)
        let pieces = [
            "A", "B_1", "KEY", "export ", "=", "\n", "\r\n", " ", "#", "'", "\"", "\\", "\\n", "${", "}", ":-", "$",
            "${A}", "${B_1}",
            "${A:-x}", "é", "\u{0}", "\t", "==", "1", "value",
        ]
        var files = 0
        var limits = DotEnvParser.Limits()
        limits.valueBytes = 512
        limits.totalBytes = 4096
        limits.entries = 20
        for _ in 0..<Self.iterations {
            let text = (0..<random.below(60)).map { _ in pieces[random.below(pieces.count)] }.joined()
            files += 1
            guard let entries = try? DotEnvParser.parse(text, limits: limits) else { continue }
            #expect(entries.count <= limits.entries)
            #expect(entries.allSatisfy { $0.value.utf8.count <= limits.valueBytes && !$0.key.isEmpty })
            #expect(entries.map(\.value.utf8.count).reduce(0, +) <= limits.totalBytes)
            #expect(Set(entries.map(\.key)).count == entries.count, "each key once")
        }
        var roundTrips = 0
        for _ in 0..<Self.iterations / 10 {
            let keys = (0..<(1 + random.below(8))).map { "K\($0)_\(random.below(1000))" }
            let expected = keys.map { ($0, random.plainWord()) }
            var latest: [String: String] = [:]
            for (key, value) in expected { latest[key] = value }
            let text = expected.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
            let entries = (try? DotEnvParser.parse(text)) ?? []
            var seen: Set<String> = []
            let order = keys.filter { seen.insert($0).inserted }
            #expect(entries.map(\.key) == order && entries.allSatisfy { latest[$0.key] == $0.value }, "\(text)")
            roundTrips += 1
        }
        print("fuzz: .env parser: \(files) generated files within bounds, \(roundTrips) plain files read back exactly")
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    mutating func string() -> String {
        let alphabet: [String] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "€", "𝄞", "\u{7F}", "{", "]", ":", ",",
        ]
        return (0..<below(12)).map { _ in alphabet[below(alphabet.count)] }.joined()
    }

    mutating func plainWord() -> String {
        let alphabet = Array("abcXYZ019_-./:@")
        return String((0..<(1 + below(10))).map { _ in alphabet[below(alphabet.count)] })
    }

    mutating func jsonValue(depth: Int) -> JSONValue {
        switch below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .int(Int64(bitPattern: next()) >> Int64(below(63)))
        case 3: return .double(Double(Int64(bitPattern: next()) >> 20) / Double(1 << below(40)) + 0.5)
        case 4: return .string(string())
        case 5: return .array((0..<below(5)).map { _ in jsonValue(depth: depth + 1) })
        default:
            var fields: [String: JSONValue] = [:]
            for _ in 0..<below(5) { fields[string()] = jsonValue(depth: depth + 1) }
            return .object(fields)
        }
    }

    /// One of: a byte changed, a byte inserted, a byte removed, the text cut short.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let interesting: [UInt8] = [
            0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x65, 0x2E, 0xFF, 0xC3, 0x80, 0x00, 0x20,
        ]
        let position = below(bytes.count + 1)
        switch below(4) {
        case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = interesting[below(interesting.count)]
        case 1: bytes.insert(interesting[below(interesting.count)], at: position)
        case 2 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
        default: bytes = Array(bytes.prefix(position))
        }
        return bytes
    }
}

extension JSONValue {
    /// The value as `JSONSerialization` takes it.
    var foundation: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.foundation)
        case .object(let fields): fields.mapValues(\.foundation)
        }
    }

    /// Whether `JSONSerialization`'s reading of the same text says the same (numbers compared as numbers).
    func matches(_ other: Any) -> Bool {
        switch self {
        case .null: return other is NSNull
        case .bool(let value):
            return (other as? NSNumber).map { $0.boolValue == value && ($0.intValue == 0 || $0.intValue == 1) } ?? false
        case .int(let value):
            return (other as? NSNumber).map { $0.int64Value == value || $0.doubleValue == Double(value) } ?? false
        case .double(let value):
            guard let number = other as? NSNumber else { return false }
            return number.doubleValue == value || abs(number.doubleValue - value) <= abs(value) * 1e-15
        case .string(let value): return (other as? String) == value
        case .array(let values):
            guard let list = other as? [Any], list.count == values.count else { return false }
            return zip(values, list).allSatisfy { $0.matches($1) }
        case .object(let fields):
            guard let dictionary = other as? [String: Any], dictionary.count == fields.count else { return false }
            return fields.allSatisfy { key, value in dictionary[key].map { value.matches($0) } ?? false }
        }
    }
}
