import Testing

@testable import Domain

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy.standard

    @Test func theCommonPasswordListIsLoaded() {
        #expect(policy.violations(of: "password123", attr: "password").map(\.code) == ["password_too_common"])
        #expect(policy.violations(of: "QWERTY123", attr: "password").map(\.code) == ["password_too_common"])
    }

    @Test func entirelyNumericPasswordsAreRefused() {
        #expect(policy.violations(of: "8402751936", attr: "password").map(\.code).contains("password_entirely_numeric"))
    }

    @Test func atLeastTwoKindsOfCharactersAreNeeded() {
        let errors = policy.violations(of: "zkqvbnwtyx", attr: "new_password")
        #expect(errors.map(\.code) == ["invalid"])
        #expect(errors.first?.attr == "new_password")
        #expect(policy.violations(of: "zkqvbnwtyX", attr: "p").isEmpty)
    }

    @Test func passwordsTooSimilarToTheUserAreRefused() {
        let errors = policy.violations(
            of: "Frederick1", attr: "new_password", userAttributes: [("username", "frederick")])
        #expect(errors.first?.code == "password_too_similar")
        #expect(errors.first?.detail == "The password is too similar to the username.")
        #expect(policy.violations(of: "Sandbox-pass-1", attr: "p", userAttributes: [("username", "fred")]).isEmpty)
    }
}
