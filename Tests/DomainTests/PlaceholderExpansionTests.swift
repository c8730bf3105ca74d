import Testing

@testable import Domain

@Suite("Deploy-time placeholders")
struct PlaceholderExpansionTests {
    @Test func expansionStopsGrowingPastTheValueBound() {
        let shared = String(repeating: "s", count: 60_000)
        let text = String(repeating: "{{env.BIG}}", count: 5_000)
        let expanded = ContainerEnvironment.replacingPlaceholders(in: text) { scope, name in
            scope == "env" && name == "BIG" ? shared : nil
        }
        #expect(expanded.utf8.count <= EnvVariable.maximumValueBytes + shared.utf8.count + text.utf8.count)
        #expect(expanded.hasPrefix(shared + shared) && expanded.hasSuffix("{{env.BIG}}"), "the rest stays as written")
        #expect(ContainerEnvironment.replacingPlaceholders(in: "a {{ env.X }} b") { _, _ in "1" } == "a 1 b")
    }
}
