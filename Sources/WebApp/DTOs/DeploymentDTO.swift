import Domain

/// The deployment object (§5.4).
struct DeploymentDTO: JSONWritable {
    let deployment: Deployment
    /// Without the service's configuration (its snapshot and changes hold env variables), for `DEPLOY` tokens.
    var redacted = false

    init(_ deployment: Deployment, redacted: Bool = false) {
        self.deployment = deployment
        self.redacted = redacted
    }

    func write(to writer: inout JSONWriter) {
        let deployment = deployment
        writer.object { object in
            object.field("hash", deployment.hash)
            object.field("unprefixed_hash", deployment.unprefixedHash)
            object.field("status", deployment.status.rawValue)
            object.field("status_reason", deployment.statusReason)
            object.field("is_current_production", deployment.isCurrentProduction)
            object.field("slot", deployment.slot.rawValue)
            object.field("queued_at", deployment.queuedAt.iso8601)
            object.field("started_at", deployment.startedAt?.iso8601)
            object.field("finished_at", deployment.finishedAt?.iso8601)
            object.field("build_started_at", deployment.buildStartedAt?.iso8601)
            object.field("build_finished_at", deployment.buildFinishedAt?.iso8601)
            object.field("trigger_method", deployment.trigger.rawValue)
            object.field("commit_message", deployment.commitMessage)
            object.field("commit_sha", deployment.commitSHA)
            object.field("commit_author_name", deployment.commitAuthorName)
            object.field("ignore_build_cache", deployment.ignoreBuildCache)
            object.field("redeploy_hash", deployment.redeployHash)
            object.field("network_aliases", redacted ? [] : networkAliases)
            object.field("urls", [String]())
            object.field("service_snapshot", redacted ? nil : deployment.snapshot.map { ServiceDTO($0.details) })
            object.field("changes", redacted ? [] : deployment.changes.map(ServiceChangeDTO.init))
        }
    }

    /// The service's aliases and this deployment's own.
    var networkAliases: [String] {
        guard let aliases = deployment.snapshot?.networkAliases else { return [] }
        return aliases + [Deployment.networkAlias(serviceID: deployment.serviceID, slot: deployment.slot)]
    }
}

/// `{count, next, previous, results}` of a page-number list (§0.11).
struct PageDTO<Item: JSONWritable>: JSONWritable {
    let count: Int
    let next: String?
    let previous: String?
    let results: [Item]

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("count", count)
            object.field("next", next)
            object.field("previous", previous)
            object.field("results", results)
        }
    }
}

/// A "simple deployment" of `recent-deployments` (§5.4).
struct RecentDeploymentDTO: JSONWritable {
    let deployment: RecentDeployment

    func write(to writer: inout JSONWriter) {
        let deployment = deployment
        writer.object { object in
            object.field("is_current_production", deployment.isCurrentProduction)
            object.field("queued_at", deployment.queuedAt.iso8601)
            object.field("started_at", deployment.startedAt?.iso8601)
            object.field("finished_at", deployment.finishedAt?.iso8601)
            object.field("hash", deployment.hash)
            object.field("status", deployment.status.rawValue)
            object.field("unprefixed_hash", String(deployment.hash.dropFirst(Deployment.hashPrefix.count)))
            object.field("commit_message", deployment.commitMessage)
            object.field(
                "service",
                JSONObject([
                    "id": deployment.serviceID, "slug": deployment.serviceSlug,
                    "project": JSONObject(["id": deployment.projectID, "slug": deployment.projectSlug]),
                    "environment": JSONObject([
                        "id": deployment.environment.id, "name": deployment.environment.name,
                        "is_preview": deployment.environment.isPreview,
                        "created_at": deployment.environment.createdAt.iso8601,
                    ]),
                ]))
        }
    }
}
