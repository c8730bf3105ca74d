import Domain
import Testing

@Suite("Shell words")
struct ShellWordsTests {
    @Test func splitsAsPythonsShlexDoes() {
        #expect(
            ShellWords.split(#"sh -c "printf 'a\nb' > /x; echo \"q\" \\ \$""#) == [
                "sh", "-c", #"printf 'a\nb' > /x; echo "q" \ \$"#,
            ])
        #expect(ShellWords.split(#"echo a\ b 'c\d' "e f""#) == ["echo", "a b", #"c\d"#, "e f"])
        #expect(ShellWords.split("  ") == [])
    }
}
