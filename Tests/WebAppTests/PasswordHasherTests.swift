import Testing
import Vapor

@testable import Domain

@Suite("Password hashing", .tags(.unit))
struct PasswordHasherTests {
    @Test func theStandInHashForUnknownUsersIsARealCost12Hash() throws {
        // A malformed hash would fail at once and tell unknown usernames apart by response time.
        #expect(AuthService.unknownUserHash.hasPrefix("$2b$12$"))
        let matches = try Bcrypt.verify("Sandbox-pass-1", created: AuthService.unknownUserHash)
        #expect(!matches)
    }
}
