import Domain

/// An API token as its owner sees it; `token` (the secret) only in the answer that created it.
struct APITokenDTO: JSONWritable {
    let token: APIToken
    var secret: String?

    init(_ token: APIToken, secret: String? = nil) {
        self.token = token
        self.secret = secret
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", token.id)
            object.field("name", token.name)
            object.field("scope", token.scope.kind.rawValue)
            var projectIDs: [String] = []
            var serviceIDs: [String] = []
            if case .deploy(let projects, let services) = token.scope {
                (projectIDs, serviceIDs) = (projects.sorted(), services.sorted())
            }
            object.field("project_ids", projectIDs)
            object.field("service_ids", serviceIDs)
            object.field("expires_at", token.expiresAt?.iso8601)
            object.field("last_used_at", token.lastUsedAt?.iso8601)
            object.field("created_at", token.createdAt.iso8601)
            if let secret { object.field("token", secret) }
        }
    }
}
