import Domain

/// The settings of the service itself rather than of its containers: the deploy webhook, sleep and wake,
/// archiving.
extension SettingsForms {
    func webhook(authority: String) -> HTML {
        let kind = context.service.kind == .gitRepository ? "git" : "docker"
        let url = "http://\(authority)/api/deploy-service/\(kind)/\(context.service.deployToken)"
        return card(
            "webhook", "Deploy webhook",
            """
            <p class="hint">A <code>PUT</code> to this address deploys the service; keep it secret.</p>
            <p><code class="secret" data-copy>\(url)</code></p>
            <form method="post" action="\(context.path)/regenerate-deploy-token">\(page.csrfField)
            <div class="actions"><button type="submit">Regenerate</button></div></form>
            """)
    }

    var sleep: HTML {
        let sleeping = context.details.latestDeployment?.status == .sleeping
        return card(
            "sleep", sleeping ? "Sleeping" : "Sleep", live: true,
            """
            <p class="hint">\(sleeping ? "The service is stopped; waking it starts its current deployment again." : "Stopping the service keeps its deployment, to wake it later.")</p>
            <form method="post" action="\(context.path)/toggle">\(page.csrfField)
            <input type="hidden" name="desired_state" value="\(sleeping ? "start" : "stop")">
            <div class="actions"><button type="submit">\(sleeping ? "Wake up" : "Put to sleep")</button></div></form>
            """)
    }

    var dangerZone: HTML {
        let form = errors.scoped("archive")
        return """
            <section class="card danger-zone" id="archive" aria-labelledby="archive-title">
            <h2 id="archive-title">Danger zone</h2>
            <p class="hint">Archiving stops the service and removes its deployments, volumes and URLs.</p>
            <form method="post" action="\(context.path)/archive">\(page.csrfField)
            \(form.field("confirm", label: "Type the service’s slug to confirm", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            <div class="actions"><button type="submit" class="danger">Archive \(context.service.slug)</button></div></form>
            </section>
            """
    }
}
