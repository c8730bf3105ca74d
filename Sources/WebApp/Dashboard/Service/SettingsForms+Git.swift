import Domain

/// A git service's settings: where its code comes from, how it is built, and the push webhooks that deploy it.
extension SettingsForms {
    var gitSource: HTML {
        let form = errors.scoped("git-source")
        let source = configuration.gitSource ?? pending(.gitSource).flatMap(GitSource.init(json:))
        let code = "autocomplete=\"off\" spellcheck=\"false\"" as HTML
        return card(
            "git-source", "Git source",
            changeForm(
                "git-source", field: .gitSource, kind: .update, button: "Change source",
                """
                \(form.field("new_value.repository_url", label: "Repository URL", value: source?.repositoryURL ?? "", attributes: "\(code) required"))
                \(form.field("new_value.branch_name", label: "Branch", value: source?.branchName ?? "main", attributes: "\(code) required"))
                \(form.field("new_value.access_token", label: "Access token", type: "password", hint: context.service.gitCredentials == nil ? "For a private repository: a token that can read it. Stored encrypted, never shown again." : "This service reads its repository with a token. Enter a new one to replace it; leave it empty to keep it.", attributes: code))
                \(context.service.gitCredentials == nil ? "" : "<label class=\"check\"><input type=\"checkbox\" name=\"forget_access_token\" value=\"1\"> Forget the token (the repository is public)</label>" as HTML)
                """))
    }

    var builder: HTML {
        let form = errors.scoped("builder")
        let code = "autocomplete=\"off\" spellcheck=\"false\"" as HTML
        var dockerfile = DockerfileOptions()
        var site = StaticDirectoryOptions()
        let current = configuration.builder ?? pending(.builder).flatMap(Builder.init(json:))
        switch current {
        case .dockerfile(let options)?: dockerfile = options
        case .staticDirectory(let options)?: site = options
        default: break
        }
        return card(
            "builder", "Builder",
            changeForm(
                "builder", field: .builder, kind: .update, button: "Change builder",
                """
                \(form.select("new_value.builder", label: "Builder", options: Builder.Kind.allCases.map { ($0.rawValue, CreateGitServicePage.builderLabel($0)) }, selected: (current?.kind ?? .dockerfile).rawValue))
                <fieldset><legend>Dockerfile builder</legend>
                \(form.field("new_value.dockerfile_path", label: "Dockerfile", value: dockerfile.dockerfilePath, attributes: code))
                \(form.field("new_value.build_context_dir", label: "Build context", value: dockerfile.buildContextDir, attributes: code))
                \(form.field("new_value.build_stage_target", label: "Build stage", value: dockerfile.buildStageTarget ?? "", attributes: code))
                </fieldset>
                <fieldset><legend>Static directory builder</legend>
                \(form.field("new_value.publish_directory", label: "Published directory", value: site.publishDirectory, attributes: code))
                \(form.select("new_value.is_spa", label: "Single-page app", options: [("false", "No"), ("true", "Yes")], selected: site.isSPA ? "true" : "false"))
                \(form.field("new_value.index_page", label: "Index page", value: site.indexPage, attributes: code))
                \(form.field("new_value.not_found_page", label: "Not-found page", value: site.notFoundPage ?? "", attributes: code))
                </fieldset>
                """))
    }

    /// The value a pending change of `field` sets: what the form shows before the first deploy applies it.
    func pending(_ field: ServiceChange.Field) -> JSONValue? {
        context.details.pendingChanges.last { $0.field == field }?.newValue
    }

    /// The addresses and secret to paste into GitHub or GitLab, and what a push deploys.
    func pushWebhooks(authority: String) -> HTML {
        let form = errors.scoped("auto-deploy")
        let service = context.service
        return card(
            "push-webhooks", "Deploy on push",
            """
            <p class="hint">In the repository's settings, add a webhook for push events with content type <code>application/json</code>:</p>
            <dl class="pairs">
            <dt>GitHub payload URL</dt><dd><code class="secret" data-copy>http://\(authority)/api/connectors/github/webhook</code></dd>
            <dt>GitLab URL</dt><dd><code class="secret" data-copy>http://\(authority)/api/connectors/gitlab/webhook</code></dd>
            <dt>Secret (GitHub) or token (GitLab)</dt><dd><code class="secret" data-copy>\(service.webhookSecret ?? "")</code></dd>
            </dl>
            \(form.summary)
            <form method="post" action="\(context.path)/auto-deploy" id="form-auto-deploy" data-once>\(page.csrfField)
            \(form.select("auto_deploy_enabled", label: "Deploy on push", options: [("true", "Yes"), ("false", "No")], selected: service.autoDeployEnabled ? "true" : "false"))
            \(form.field("watch_paths", label: "Watch paths", value: service.watchPaths ?? "", hint: "Globs, separated by commas: a push deploys only when it changes a matching path, like <code>src/**</code>. Empty: every push.", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            \(form.select("cleanup_queue_on_auto_deploy", label: "A push cancels older queued deployments", options: [("true", "Yes"), ("false", "No")], selected: service.cleanupQueueOnAutoDeploy ? "true" : "false"))
            \(form.field("webhook_secret", label: "New secret", hint: "To use a secret of your own; leave it empty to keep this one.", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            <div class="actions"><button type="submit">Save</button></div></form>
            """)
    }
}
