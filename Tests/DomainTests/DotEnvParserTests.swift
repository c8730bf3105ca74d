import Domain
import Testing

@Suite("DotEnv parser")
struct DotEnvParserTests {
    func parsed(_ text: String) -> [String] { ((try? DotEnvParser.parse(text)) ?? []).map { "\($0.key)=\($0.value)" } }

    @Test func readsThePythonDotenvGrammar() {
        #expect(parsed("A=1\n\n# comment\n  B = two words  \nexport C=3") == ["A=1", "B=two words", "C=3"])
        #expect(parsed("A=value # comment\nB=value#not-a-comment") == ["A=value", "B=value#not-a-comment"])
        #expect(
            parsed("A='single $X \\n'\nB=\"tab\\there\\\"quoted\\\"\"") == ["A=single $X \\n", "B=tab\there\"quoted\""])
        #expect(parsed("A=\"two\nlines\"\nB=after") == ["A=two\nlines", "B=after"])
        #expect(parsed("EMPTY\nALSO=") == ["EMPTY=", "ALSO="])
        #expect(parsed("A=1\nB=2\nA=3") == ["A=3", "B=2"], "a later duplicate wins, in the first one's place")
        #expect(parsed("A=\"unterminated\nB=2") == [], "an unterminated quote swallows the rest, as python-dotenv does")
        #expect(parsed("A='x' trailing\nB=2") == ["B=2"], "a malformed line is skipped")
        #expect(parsed("A=1\r\nB=2\r\n") == ["A=1", "B=2"])
    }

    @Test func expandsOnlyEarlierKeysOfTheSameText() {
        #expect(
            parsed("HOST=db\nURL=postgres://${HOST}/x\nQ=\"${HOST}\"\nS='${HOST}'") == [
                "HOST=db", "URL=postgres://db/x", "Q=db", "S=${HOST}",
            ])
        #expect(parsed("A=${HOME}${PATH}|${USER:-nobody}") == ["A=|nobody"], "the server's environment is never read")
        #expect(parsed("A=${LATER}\nLATER=1") == ["A=", "LATER=1"])
        #expect(parsed("A=${unclosed") == ["A=${unclosed"])
    }

    @Test func exponentialExpansionStopsAtTheValueBoundWithAnError() {
        // 13 KB that would ask for terabytes: each line doubles the one before.
        var text = "A0=\(String(repeating: "x", count: 1000))\n"
        for index in 1...40 { text += "A\(index)=\"${A\(index - 1)}${A\(index - 1)}\"\n" }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(
            throws: DomainError.invalid("new_value", "The value of `A7`, once expanded, is longer than 65536 bytes.")
        ) {
            try DotEnvParser.parse(text)
        }
        #expect(clock.now - started < .seconds(5))
    }

    @Test func theTotalAndTheNumberOfVariablesAreBoundedWhileParsing() throws {
        let value = String(repeating: "v", count: 60_000)
        let many = (0..<20).map { "K\($0)=\(value)" }.joined(separator: "\n")
        #expect(throws: DomainError.self) { try DotEnvParser.parse(many) }
        var limits = DotEnvParser.Limits()
        limits.entries = 3
        #expect(throws: DomainError.invalid("new_value", "A `.env` import may hold at most 3 variables.")) {
            try DotEnvParser.parse("A=1\nB=2\nA=3\nC=4\nD=5", limits: limits)
        }
        #expect(try DotEnvParser.parse("A=1\nB=2\nA=3\nC=4", limits: limits).count == 3)
    }
}
