import Domain

/// The service object of the API (§5.1): every key always present; the applied configuration, and what
/// is waiting for the next deployment in `unapplied_changes`.
struct ServiceDTO: JSONWritable {
    let details: ServiceDetails

    init(_ details: ServiceDetails) { self.details = details }

    func write(to writer: inout JSONWriter) {
        let service = details.service
        writer.object { object in
            object.field("id", service.id)
            object.field("slug", service.slug)
            object.field("type", service.kind.rawValue)
            object.field("created_at", service.createdAt.iso8601)
            object.field("updated_at", service.updatedAt.iso8601)
            object.field("project_id", service.projectID)
            object.field("environment", EnvironmentDTO(details.environment, variables: details.variables))
            let configuration = details.configuration
            object.field("image", configuration.image)
            object.field("command", configuration.command)
            object.field("healthcheck", configuration.healthcheck?.json ?? .null)
            object.field("resource_limits", configuration.resourceLimits?.json ?? .null)
            object.field("credentials", JSONNull())
            object.field("container_registry_credentials", JSONNull())
            object.field("urls", configuration.urls.map(\.json))
            object.field("ports", configuration.ports.map(\.json))
            object.field("volumes", configuration.volumes.map(\.json))
            object.field("shared_volumes", configuration.sharedVolumes.map(\.json))
            object.field("configs", configuration.configs.map(\.json))
            object.field("env_variables", configuration.envVariables.map(\.json))
            object.field("system_env_variables", SystemVariables.of(details).map(SystemVariableDTO.init))
            object.field("network_alias", service.networkAlias)
            object.field("network_aliases", [service.privateDomain, service.networkAlias])
            object.field("global_network_alias", service.globalNetworkAlias)
            object.field("deploy_token", service.deployToken)
            // Zane's own: the secret of the push webhooks (`/api/connectors/{github,gitlab}/webhook`).
            object.field("webhook_secret", service.webhookSecret)
            object.field("unapplied_changes", details.pendingChanges.map(ServiceChangeDTO.init))
            // Zane's own: whether a deploy of the applied configuration keeps the service answering, and why not.
            object.field("zero_downtime_deploys", configuration.zeroDowntimeObstacle == nil)
            object.field("zero_downtime_obstacle", configuration.zeroDowntimeObstacle)
            object.field("builder", configuration.builder?.kind.rawValue)
            object.field("repository_url", configuration.gitSource?.repositoryURL)
            object.field("branch_name", configuration.gitSource?.branchName)
            object.field("commit_sha", configuration.gitSource?.commitSHA)
            // Zane's own: whether the repository is read with an access token (the token is never shown).
            object.field("has_access_token", service.gitCredentials != nil)
            for kind in Builder.Kind.allCases {
                let options = configuration.builder.flatMap { $0.kind == kind ? $0.optionsJSON : nil }
                object.field(Self.optionsKey(kind), options ?? .null)
            }
            // Git apps (GitHub, GitLab) need their registration flows, which are not there yet.
            for key in ["git_app", "git_repository", "next_git_repository"] { object.field(key, JSONNull()) }
            object.field("auto_deploy_enabled", service.autoDeployEnabled)
            object.field("watch_paths", service.watchPaths)
            object.field("cleanup_queue_on_auto_deploy", service.cleanupQueueOnAutoDeploy)
            object.field("pr_preview_envs_enabled", service.previewEnvironmentsEnabled)
        }
    }
}

extension ServiceDTO {
    static func optionsKey(_ kind: Builder.Kind) -> String {
        switch kind {
        case .dockerfile: "dockerfile_builder_options"
        case .staticDirectory: "static_dir_builder_options"
        case .nixpacks: "nixpacks_builder_options"
        case .railpack: "railpack_builder_options"
        }
    }
}

/// A pending change (§5.3).
struct ServiceChangeDTO: JSONWritable {
    let change: ServiceChange

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", change.id)
            object.field("type", change.kind.rawValue)
            object.field("field", change.field.rawValue)
            object.field("new_value", change.newValue ?? .null)
            object.field("old_value", change.oldValue ?? .null)
            object.field("item_id", change.itemID)
        }
    }
}

struct SystemVariableDTO: JSONWritable {
    let variable: SystemVariables.Variable

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("key", variable.key)
            object.field("value", variable.value)
            object.field("comment", variable.comment)
        }
    }
}

/// One card of `service-list` (§2.7).
struct ServiceCardDTO: JSONWritable {
    let details: ServiceDetails

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", details.service.id)
            object.field("slug", details.service.slug)
            if details.service.kind == .gitRepository {
                let source = details.displayGitSource
                object.field("type", "git")
                object.field("repository", source?.repositoryURL ?? "")
                object.field("branch", source?.branchName ?? "")
                object.field("last_commit_message", details.latestCommitMessage ?? "-")
                object.field("git_provider", source.flatMap { Self.provider(of: $0.repositoryURL) })
            } else {
                let reference = details.displayImage.flatMap(ImageReference.init)
                object.field("type", "docker")
                object.field("image", reference?.repository ?? details.displayImage)
                object.field("tag", reference?.displayTag ?? "latest")
            }
            object.field("updated_at", (details.latestDeployment?.queuedAt ?? details.service.createdAt).iso8601)
            let configuration = details.configuration
            object.field("volume_number", configuration.volumes.count)
            object.field("url", configuration.urls.first { $0.associatedPort != nil }.map { $0.domain + $0.basePath })
            object.field("status", details.cardStatus)
        }
    }
}

extension ServiceCardDTO {
    /// `github` or `gitlab` for repositories on those sites.
    static func provider(of url: String) -> String? {
        switch GitRules.host(of: url) {
        case "github.com": "github"
        case "gitlab.com": "gitlab"
        default: nil
        }
    }
}

/// `{id, name, container_path, service: {id, slug}}` of a volume that can be shared.
struct VolumeReferenceDTO: JSONWritable {
    let ownership: VolumeOwnership

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", ownership.volume.id)
            object.field("name", ownership.volume.name)
            object.field("container_path", ownership.volume.containerPath)
            object.field("service", JSONObject(["id": ownership.owner.id, "slug": ownership.owner.slug]))
        }
    }
}
