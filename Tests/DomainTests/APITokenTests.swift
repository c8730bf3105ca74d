import Domain
import Testing

@Suite("API tokens")
struct APITokenTests {
    @Test func secretsHaveOneShapeAndAnythingElseIsNotLookedUp() {
        let secret = APIToken.newSecret()
        #expect(secret.hasPrefix("zane_") && secret.count == 45 && APIToken.isWellFormedSecret(secret))
        #expect(APIToken.newSecret() != secret)
        for text in [
            "", "zane_", "zane_" + String(repeating: "A", count: 40), secret + "a", "tok_" + secret.dropFirst(4),
        ] {
            #expect(!APIToken.isWellFormedSecret(text), "\(text)")
        }
    }

    @Test func scopesRoundTripAndADeployTokenReachesOnlyItsTargets() throws {
        let deploy = APITokenScope.deploy(projectIDs: ["prj_a"], serviceIDs: ["srv_dkr_b"])
        for scope in [APITokenScope.full, .readOnly, deploy] {
            #expect(APITokenScope(json: scope.json) == scope)
        }
        #expect(APITokenScope(json: ["kind": "ROOT"]) == nil)
        #expect(deploy.canDeploy(projectID: "prj_a", serviceID: "srv_dkr_x"))
        #expect(deploy.canDeploy(projectID: "prj_z", serviceID: "srv_dkr_b"))
        #expect(!deploy.canDeploy(projectID: "prj_z", serviceID: "srv_dkr_x"))
        #expect(!APITokenScope.readOnly.canDeploy(projectID: "prj_a", serviceID: "srv_dkr_b"))
    }

    @Test func expiryAndLastUseAreJudgedAtTheGivenInstant() {
        let now = Timestamp(microseconds: 1_000_000_000_000)
        var token = APIToken(userID: 1, name: "ci", scope: .full, expiresAt: now.adding(seconds: 10), createdAt: now)
        #expect(!token.hasExpired(at: now) && token.hasExpired(at: now.adding(seconds: 10)))
        #expect(token.lastUseIsStale(at: now), "never used")
        token.lastUsedAt = now
        #expect(!token.lastUseIsStale(at: now.adding(seconds: 59)) && token.lastUseIsStale(at: now.adding(seconds: 60)))
        token.expiresAt = nil
        #expect(!token.hasExpired(at: now.adding(seconds: 1 << 40)))
    }

    @Test func aRequestNamesItsTargetsOnlyForDeployScopes() throws {
        func read(_ object: [String: JSONValue]) -> Result<CreateAPITokenRequest, DomainError> {
            var reader = InputReader(object)
            return Result { () throws(DomainError) in try CreateAPITokenRequest(reading: &reader) }
        }
        let deploy = try read([
            "name": "ci", "scope": "DEPLOY", "projects": ["shop"], "services": ["blog/production/web"],
            "expires_in_days": 30,
        ]).get()
        #expect(deploy.projectSlugs == ["shop"] && deploy.servicePaths.map(\.text) == ["blog/production/web"])
        #expect(deploy.expiresInDays == 30)
        let refused: [([String: JSONValue], String)] = [
            (["scope": "FULL"], "name"),
            (["name": "ci"], "scope"),
            (["name": "ci", "scope": "ROOT"], "scope"),
            (["name": "ci", "scope": "DEPLOY"], "scope"),
            (["name": "ci", "scope": "FULL", "projects": ["shop"]], "scope"),
            (["name": "ci", "scope": "DEPLOY", "services": ["shop/web"]], "services"),
            (["name": "ci", "scope": "DEPLOY", "projects": "shop"], "projects"),
            (["name": "ci", "scope": "DEPLOY", "projects": [1]], "projects"),
            (["name": "ci\u{1B}[2J", "scope": "FULL"], "name"),
            (["name": "ci", "scope": "FULL", "expires_in_days": 0], "expires_in_days"),
            (["name": "ci", "scope": "FULL", "expires_in_days": 5000], "expires_in_days"),
        ]
        for (object, attr) in refused {
            guard case .failure(.validation(let errors)) = read(object) else {
                Issue.record("accepted: \(object)")
                continue
            }
            #expect(errors.map(\.attr).contains(attr), "\(object): \(errors)")
        }
    }
}
