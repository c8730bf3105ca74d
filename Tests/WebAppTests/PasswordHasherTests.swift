import Testing
import Vapor

@testable import Domain
@testable import WebApp

@Suite("Password hashing", .tags(.unit))
struct PasswordHasherTests {
    @Test func theStandInHashForUnknownUsersIsARealCost12Hash() throws {
        // A malformed hash would fail at once and tell unknown usernames apart by response time.
        #expect(AuthService.unknownUserHash.hasPrefix("$2b$12$"))
        let matches = try Bcrypt.verify("Sandbox-pass-1", created: AuthService.unknownUserHash)
        #expect(!matches)
    }

    @Test func everyCharacterOfALongPasswordCounts() async throws {
        let hasher = BcryptPasswordHasher(cost: 4, threadPool: .singleton)
        let long = String(repeating: "a", count: 100)
        let hash = try await hasher.hash(long + "1")
        #expect(try await hasher.verify(long + "1", against: hash))
        #expect(try await !hasher.verify(long + "2", against: hash), "bcrypt alone would ignore bytes past 72")
    }
}
