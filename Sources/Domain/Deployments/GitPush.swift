/// A push to a branch, as GitHub or GitLab describes it in a webhook delivery: where, which commit, by whom,
/// and which paths its commits touched.
public struct GitPush: Sendable, Equatable {
    /// The repository's URLs as the delivery gives them (clone, git, web), normalized like a git source's.
    public var repositoryURLs: Set<String>
    public var branch: String
    public var commitSHA: String
    public var message: String
    public var authorName: String?
    public var changedPaths: Set<String>

    /// A GitHub `push` event; nil for a tag, a deleted branch, or anything else.
    public static func github(_ body: JSONValue) -> GitPush? {
        let repository = body["repository"]
        let head = body["head_commit"]
        return make(
            ref: body["ref"]?.string, after: body["after"]?.string, deleted: body["deleted"]?.bool == true,
            urls: ["clone_url", "git_url", "html_url", "url"].compactMap { repository?[$0]?.string },
            message: head?["message"]?.string, author: head?["author"]?["name"]?.string, commits: body["commits"])
    }

    /// A GitLab `Push Hook`; nil for a tag, a deleted branch, or anything else.
    public static func gitlab(_ body: JSONValue) -> GitPush? {
        let project = body["project"] ?? body["repository"]
        let after = body["checkout_sha"]?.string ?? body["after"]?.string
        let head = body["commits"]?.array?.first { $0["id"]?.string == after }
        return make(
            ref: body["ref"]?.string, after: after, deleted: after.map { $0.allSatisfy { $0 == "0" } } ?? true,
            urls: ["git_http_url", "http_url", "web_url", "homepage", "url"].compactMap { project?[$0]?.string },
            message: head?["message"]?.string, author: head?["author"]?["name"]?.string ?? body["user_name"]?.string,
            commits: body["commits"])
    }

    static func make(
        ref: String?, after: String?, deleted: Bool, urls: [String], message: String?, author: String?,
        commits: JSONValue?
    ) -> GitPush? {
        guard !deleted, let ref, ref.hasPrefix("refs/heads/"), let after, after.count == 40,
            GitRules.isCommitSHA(after)
        else { return nil }
        var paths: Set<String> = []
        for commit in commits?.array ?? [] {
            for key in ["added", "modified", "removed"] {
                paths.formUnion((commit[key]?.array ?? []).compactMap(\.string))
            }
        }
        let firstLine = (message ?? "").split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        return GitPush(
            repositoryURLs: Set(urls.compactMap(GitRules.normalizedRepositoryURL)),
            branch: String(ref.dropFirst("refs/heads/".count)), commitSHA: after,
            message: firstLine.isEmpty ? DeployRequest.unknownCommitMessage : String(firstLine.prefix(1024)),
            authorName: author, changedPaths: paths)
    }
}
