import Testing

@testable import Domain

@Suite("Input coercion follows DRF")
struct InputReaderTests {
    @Test func stringsAreTrimmedAndNumbersBecomeText() {
        var reader = InputReader(["a": .string("  web  "), "b": .int(42), "c": .double(1.5)])
        #expect(reader.string("a") == "web")
        #expect(reader.string("b") == "42")
        #expect(reader.string("c") == "1.5")
        #expect(reader.errors.isEmpty)
    }

    @Test func missingRequiredNullBlankAndWrongTypesAreReportedWithTheirAttr() {
        var reader = InputReader(
            ["n": .null, "b": .string("   "), "l": .array([]), "o": .object([:])], prefix: "new_value.")
        _ = reader.string("missing", required: true)
        _ = reader.string("n")
        _ = reader.string("b")
        _ = reader.string("l")
        _ = reader.string("o")
        #expect(reader.errors.map(\.code) == ["required", "null", "blank", "invalid", "invalid"])
        #expect(
            reader.errors.map(\.attr) == [
                "new_value.missing", "new_value.n", "new_value.b", "new_value.l", "new_value.o",
            ])
    }

    @Test func nullCharactersAreRefusedAsDRFDoes() {
        var reader = InputReader(["s": .string("abc\u{0}def")])
        #expect(reader.string("s") == nil)
        #expect(reader.errors.map(\.code) == ["null_characters_not_allowed"])
    }

    @Test func lengthLimitsCountCharactersNotBytes() {
        var reader = InputReader(["s": .string(String(repeating: "é", count: 5))])
        #expect(reader.string("s", maxLength: 5) != nil)
        #expect(reader.string("s", maxLength: 4) == nil)
        #expect(reader.errors.first?.detail == "Ensure this field has no more than 4 characters.")
    }

    @Test(arguments: [
        (JSONValue.bool(true), true), (.string("yes"), true), (.string("ON"), true), (.string("1"), true),
        (.int(1), true),
        (.bool(false), false), (.string("No"), false), (.string("off"), false), (.string("0"), false), (.int(0), false),
    ])
    func booleansAcceptDRFSpellings(_ value: JSONValue, _ expected: Bool) {
        var reader = InputReader(["flag": value])
        #expect(reader.bool("flag") == expected)
    }

    @Test(arguments: [JSONValue.string("maybe"), .int(2), .double(0.5), .array([])])
    func otherBooleansAreInvalid(_ value: JSONValue) {
        var reader = InputReader(["flag": value])
        #expect(reader.bool("flag") == nil)
        #expect(reader.errors.first?.detail == "Must be a valid boolean.")
    }

    @Test func aBodyThatIsNotAnObjectIsRefused() {
        #expect(throws: DomainError.invalid("non_field_errors", "Invalid data. Expected a dictionary, but got list.")) {
            _ = try InputReader(body: .array([.int(1)]))
        }
    }

    @Test func slugsAreValidatedAndLowercased() {
        var reader = InputReader([
            "ok": .string("My_App-2"), "bad": .string("no spaces"), "long": .string(String(repeating: "a", count: 256)),
        ])
        #expect(reader.slug("ok") == "my_app-2")
        #expect(reader.slug("bad") == nil)
        #expect(reader.slug("long") == nil)
        #expect(reader.errors.map(\.code) == ["invalid", "max_length"])
        #expect(reader.errors.first?.detail == Rules.invalidSlugDetail)
    }
}

@Suite("JSON bodies")
struct JSONBodyParserTests {
    @Test func parsesDocumentsIntoValues() throws {
        let value = try JSONBodyParser.parse(Array(#"{"a": [1, 2.5, "x", null, true], "b": {}}"#.utf8))
        #expect(
            value
                == .object(["a": .array([.int(1), .double(2.5), .string("x"), .null, .bool(true)]), "b": .object([:])]))
    }

    @Test func refusesDeepNestingBeforeDecoding() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try JSONBodyParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONBodyParser.parse(Array(fine.utf8)) }
    }

    @Test func bracketsInsideStringsDoNotCount() throws {
        let brackets = String(repeating: "[", count: 100)
        let text = #"{"a": "\#(brackets)\"{"}"#
        #expect(try JSONBodyParser.parse(Array(text.utf8)) == .object(["a": .string(brackets + "\"{")]))
    }

    @Test func readsEscapesNumbersAndUnicodeStrictly() throws {
        let text =
            #"{"s": "a\n\t\"\\\/\u00e9\ud83d\ude00é", "i": -12, "big": 92233720368547758080, "d": 1.5e3, "z": 0}"#
        #expect(
            try JSONBodyParser.parse(Array(text.utf8))
                == .object([
                    "s": .string("a\n\t\"\\/é😀é"), "i": .int(-12), "big": .double(92233720368547758080),
                    "d": .double(1500), "z": .int(0),
                ]))
        for bad in [
            "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{01}\"", "\"\\ud800\"", "1e999",
            "{} {}", "\"\\u12\"",
        ] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONBodyParser.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONParseError.self) { try JSONBodyParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func malformedJSONGivesAParseErrorDetail() {
        do {
            _ = try JSONBodyParser.parse(Array(#"{"slug":"#.utf8))
            Issue.record("expected a parse error")
        } catch {
            #expect(error.detail.hasPrefix("JSON parse error - "))
        }
    }
}
