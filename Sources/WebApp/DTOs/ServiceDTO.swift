import Domain

/// The service object of the API (§5.1): every key always present. Until deployments apply changes, the
/// item lists are empty and the configuration lives in `unapplied_changes`.
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
            object.field("image", service.image)
            object.field("command", service.command)
            for key in ["healthcheck", "resource_limits", "credentials", "container_registry_credentials"] {
                object.field(key, JSONNull())
            }
            for key in ["urls", "ports", "volumes", "shared_volumes", "configs", "env_variables"] {
                object.field(key, [String]())
            }
            object.field("system_env_variables", SystemVariables.of(details).map(SystemVariableDTO.init))
            object.field("network_alias", service.networkAlias)
            object.field("network_aliases", [service.privateDomain, service.networkAlias])
            object.field("global_network_alias", service.globalNetworkAlias)
            object.field("deploy_token", service.deployToken)
            object.field("unapplied_changes", details.pendingChanges.map(ServiceChangeDTO.init))
            for key in [
                "builder", "repository_url", "branch_name", "commit_sha", "dockerfile_builder_options", "static_dir_builder_options",
                "nixpacks_builder_options", "railpack_builder_options", "git_app", "git_repository", "next_git_repository",
            ] {
                object.field(key, JSONNull())
            }
            object.field("auto_deploy_enabled", service.autoDeployEnabled)
            object.field("watch_paths", service.watchPaths)
            object.field("cleanup_queue_on_auto_deploy", service.cleanupQueueOnAutoDeploy)
            object.field("pr_preview_envs_enabled", service.previewEnvironmentsEnabled)
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
        let reference = details.displayImage.flatMap(ImageReference.init)
        writer.object { object in
            object.field("id", details.service.id)
            object.field("slug", details.service.slug)
            object.field("type", "docker")
            object.field("image", reference?.repository ?? details.displayImage)
            object.field("tag", reference?.displayTag ?? "latest")
            object.field("updated_at", details.service.createdAt.iso8601)
            object.field("volume_number", 0)
            object.field("url", String?.none)
            object.field("status", "NOT_DEPLOYED_YET")
        }
    }
}
