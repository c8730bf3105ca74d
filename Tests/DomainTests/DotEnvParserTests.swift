import Domain
import Testing

@Suite("DotEnv parser")
struct DotEnvParserTests {
    func parsed(_ text: String) -> [String] { DotEnvParser.parse(text).map { "\($0.key)=\($0.value)" } }

    @Test func readsThePythonDotenvGrammar() {
        #expect(parsed("A=1\n\n# comment\n  B = two words  \nexport C=3") == ["A=1", "B=two words", "C=3"])
        #expect(parsed("A=value # comment\nB=value#not-a-comment") == ["A=value", "B=value#not-a-comment"])
        #expect(parsed("A='single $X \\n'\nB=\"tab\\there\\\"quoted\\\"\"") == ["A=single $X \\n", "B=tab\there\"quoted\""])
        #expect(parsed("A=\"two\nlines\"\nB=after") == ["A=two\nlines", "B=after"])
        #expect(parsed("EMPTY\nALSO=") == ["EMPTY=", "ALSO="])
        #expect(parsed("A=1\nB=2\nA=3") == ["A=3", "B=2"], "a later duplicate wins, in the first one's place")
        #expect(parsed("A=\"unterminated\nB=2") == [], "an unterminated quote swallows the rest, as python-dotenv does")
        #expect(parsed("A='x' trailing\nB=2") == ["B=2"], "a malformed line is skipped")
        #expect(parsed("A=1\r\nB=2\r\n") == ["A=1", "B=2"])
    }

    @Test func expandsOnlyEarlierKeysOfTheSameText() {
        #expect(parsed("HOST=db\nURL=postgres://${HOST}/x\nQ=\"${HOST}\"\nS='${HOST}'") == ["HOST=db", "URL=postgres://db/x", "Q=db", "S=${HOST}"])
        #expect(parsed("A=${HOME}${PATH}|${USER:-nobody}") == ["A=|nobody"], "the server's environment is never read")
        #expect(parsed("A=${LATER}\nLATER=1") == ["A=", "LATER=1"])
        #expect(parsed("A=${unclosed") == ["A=${unclosed"])
    }
}
