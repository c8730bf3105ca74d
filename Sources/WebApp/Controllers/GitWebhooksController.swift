import Crypto
import Domain
import Vapor

/// Push webhooks from GitHub and GitLab (`POST /api/connectors/{github,gitlab}/webhook`): no session, the
/// delivery is authenticated by the secret of the services it concerns. GitHub signs the body with it
/// (`X-Hub-Signature-256`), GitLab sends it (`X-Gitlab-Token`); both are compared in constant time.
struct GitWebhooksController {
    let deployments: Deployments
    /// GitHub's deliveries reach 25 MB; the body is read up to this size.
    static let maximumBodySize: ByteCount = "25mb"

    func github(_ request: Request) async throws -> Response {
        let event = request.headers.first(name: "X-GitHub-Event") ?? ""
        let body = try Self.body(of: request)
        let signature = request.headers.first(name: "X-Hub-Signature-256") ?? ""
        let authorises: (Service) -> Bool = { service in
            service.webhookSecret.map { Self.isGitHubSignature(signature, of: body.bytes, secret: $0) } ?? false
        }
        guard event == "push" else { return Self.ignored("`\(event)` events deploy nothing; only pushes do.") }
        guard let push = GitPush.github(body.json) else { return Self.ignored("Not a push to a branch.") }
        return Self.answer(try await deployments.autoDeploy(push, authorises: authorises))
    }

    func gitlab(_ request: Request) async throws -> Response {
        let event = request.headers.first(name: "X-Gitlab-Event") ?? ""
        let body = try Self.body(of: request)
        let token = request.headers.first(name: "X-Gitlab-Token") ?? ""
        let authorises: (Service) -> Bool = { service in
            service.webhookSecret.map { Self.constantTimeEqual(Array(token.utf8), Array($0.utf8)) } ?? false
        }
        guard event == "Push Hook" else { return Self.ignored("`\(event)` events deploy nothing; only pushes do.") }
        guard let push = GitPush.gitlab(body.json) else { return Self.ignored("Not a push to a branch.") }
        return Self.answer(try await deployments.autoDeploy(push, authorises: authorises))
    }

    static func body(of request: Request) throws -> (bytes: [UInt8], json: JSONValue) {
        guard request.headers.contentType?.subType == "json" else {
            throw DomainError.badRequest("Set the webhook's content type to `application/json`.")
        }
        let bytes = request.body.data.map { Array($0.readableBytesView) } ?? []
        do {
            return (bytes, try JSONBodyParser.parse(bytes))
        } catch {
            throw APIError.parse(error.detail)
        }
    }

    /// `sha256=<hex>` of the body under the secret.
    static func isGitHubSignature(_ header: String, of body: [UInt8], secret: String) -> Bool {
        guard header.hasPrefix("sha256="), let code = hexBytes(header.dropFirst("sha256=".count)) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(
            code, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Compares digests of both sides, so that neither the time nor the length tells how much matched.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let key = SymmetricKey(size: .bits256)
        let code = HMAC<SHA256>.authenticationCode(for: left, using: key)
        return HMAC<SHA256>.isValidAuthenticationCode(Data(code), authenticating: right, using: key)
    }

    static func ignored(_ detail: String) -> Response {
        JSONResponse.make(JSONObject(["deployments": [JSONObject](), "detail": detail]))
    }

    static func answer(_ outcome: AutoDeployOutcome) -> Response {
        JSONResponse.make(
            JSONObject([
                "deployments": outcome.deployments.map {
                    JSONObject(["service_id": $0.serviceID, "hash": $0.hash, "commit_sha": $0.commitSHA ?? ""])
                },
                "skipped": outcome.skipped.map { JSONObject(["service_id": $0.serviceID, "reason": $0.reason]) },
            ]))
    }
}
