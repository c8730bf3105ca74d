import Crypto
import Foundation
import TestSupport
import Vapor

/// A push webhook delivery as GitHub and GitLab send it, for one commit on `main`.
struct PushDelivery {
    let repository: String
    let sha: String
    let message: String
    let paths: [String]
    var branch = "main"

    var githubBody: String {
        let object: [String: Any] = [
            "ref": "refs/heads/\(branch)", "before": String(repeating: "0", count: 40), "after": sha,
            "deleted": false,
            "repository": ["clone_url": repository, "full_name": "zane/app"],
            "head_commit": ["id": sha, "message": "\(message)\n\nbody", "author": ["name": "Ada"]],
            "commits": [["id": sha, "added": [String](), "modified": paths, "removed": [String]()]],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    var gitlabBody: String {
        let object: [String: Any] = [
            "object_kind": "push", "ref": "refs/heads/\(branch)", "after": sha, "checkout_sha": sha,
            "user_name": "Grace",
            "project": ["git_http_url": repository],
            "commits": [["id": sha, "message": message, "author": ["name": "Ada"], "modified": paths]],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func githubSignature(_ body: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Sent without a session, as GitHub sends it.
    func sendToGitHub(_ client: APIClient, secret: String, event: String = "push") async throws -> TestResponse {
        let body = githubBody
        return try await APIClient(client.app).send(
            .POST, "/api/connectors/github/webhook", json: body,
            headers: [("X-GitHub-Event", event), ("X-Hub-Signature-256", Self.githubSignature(body, secret: secret))])
    }

    func sendToGitLab(_ client: APIClient, token: String) async throws -> TestResponse {
        try await APIClient(client.app).send(
            .POST, "/api/connectors/gitlab/webhook", json: gitlabBody,
            headers: [("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token)])
    }
}
