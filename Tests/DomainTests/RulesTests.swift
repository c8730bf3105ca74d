import Foundation
import Testing

@testable import Domain

@Suite("Names, ids and timestamps")
struct RulesTests {
    @Test(arguments: ["web", "my-app_2", "A"]) func validSlugs(_ slug: String) { #expect(Rules.isSlug(slug)) }

    @Test(arguments: ["", "a b", "a/b", "é", "a'; DROP TABLE projects;--", "a.b"]) func invalidSlugs(_ slug: String) {
        #expect(!Rules.isSlug(slug))
    }

    @Test(arguments: ["A", "_x", "DATABASE_URL", "a1"]) func validVariableNames(_ name: String) {
        #expect(Rules.isVariableName(name))
    }

    @Test(arguments: ["1A", "", "A-B", "A B", "ÉTÉ"]) func invalidVariableNames(_ name: String) {
        #expect(!Rules.isVariableName(name))
    }

    @Test func usernamesAllowUnicodeLettersDigitsAndDjangoSymbols() {
        #expect(Rules.isUsername("fréd.o+x@y-z_1"))
        #expect(!Rules.isUsername("fred smith"))
        #expect(!Rules.isUsername("fred/1"))
    }

    @Test func idsUseThePrefixAndTheShortUUIDAlphabet() {
        let id = RandomID.make(prefix: "prj_")
        #expect(id.hasPrefix("prj_") && id.count == 15)
        #expect(id.dropFirst(4).allSatisfy { RandomID.shortUUIDAlphabet.contains($0) })
        #expect(Environment(projectID: "p", name: "x", createdAt: .now()).id.count == "project_env_".count + 15)
        #expect(RandomID.make(prefix: "prj_") != RandomID.make(prefix: "prj_"))
    }

    @Test func sessionKeysAndCSRFSecretsHaveDjangoShapes() {
        let key = RandomID.sessionKey()
        #expect(key.count == 32 && key.allSatisfy { $0.isLowercase || $0.isNumber })
        let secret = RandomID.csrfSecret()
        #expect(secret.count == 32 && secret.allSatisfy { $0.isLetter || $0.isNumber })
    }

    @Test func timestampsAreUTCWithMicrosecondsOnlyWhenNonZero() {
        #expect(Timestamp(microseconds: 1_720_631_156_276_194).iso8601 == "2024-07-10T17:05:56.276194Z")
        #expect(Timestamp(microseconds: 1_720_631_156_000_000).iso8601 == "2024-07-10T17:05:56Z")
        #expect(Timestamp(microseconds: 1_720_631_156_000_001).iso8601 == "2024-07-10T17:05:56.000001Z")
    }

    @Test func generatedSlugsAreShortAndValid() {
        for _ in 0..<200 {
            let slug = SlugGenerator.make()
            #expect(slug.count <= 20 && Rules.isSlug(slug) && slug == slug.lowercased())
        }
    }
}
