import Domain

/// The frame of every service tab: breadcrumbs, the header (status, image, URLs), the pending changes
/// with their deploy form, and the tabs.
struct ServiceLayout {
    enum Tab: String, CaseIterable {
        case deployments
        case envVariables = "env-variables"
        case settings
        case httpLogs = "http-logs"
        case metrics

        var label: String {
            switch self {
            case .deployments: "Deployments"
            case .envVariables: "Env variables"
            case .settings: "Settings"
            case .httpLogs: "HTTP logs"
            case .metrics: "Metrics"
            }
        }
    }

    let context: ServiceContext
    let page: DashboardRequest

    func render(_ tab: Tab, alert: FormErrors, _ content: HTML) -> HTML {
        let details = context.details
        let tabs: [HTML] = Tab.allCases.map { item in
            let href = item == .deployments ? context.path : "\(context.path)/\(item.rawValue)"
            return HTML.navigationLink(item.label, href: href, current: item == tab)
        }
        let urls: [HTML] = context.urls.map { "<a class=\"mono small\" href=\"//\($0)\">\($0)</a>" }
        return """
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <a href="\(context.environmentPath)">\(context.project.slug)</a> / <span>\(context.environment.name)</span></nav>
            <div class="page-head">
            <div class="service-title">
            <h1>\(context.service.slug)</h1>
            <span id="service-status" data-live>\(StatusBadge.badge(details.cardStatus))</span>
            </div>
            \(deployForm)
            </div>
            <p class="service-meta"><span class="mono muted">\(details.displaySource ?? "no image yet")</span> \(urls)</p>
            \(alert.summary)
            \(pendingChanges)
            <nav class="tabs service-tabs" aria-label="Service">\(tabs)</nav>
            \(content)
            """
    }

    /// With nothing pending, deploying again redeploys the same configuration.
    var deployForm: HTML {
        guard context.details.pendingChanges.isEmpty else { return .empty }
        return """
            <form method="post" action="\(context.path)/deploy" data-once>\(page.csrfField)
            <button type="submit" class="primary">Deploy</button></form>
            """
    }

    var pendingChanges: HTML {
        let changes = context.details.pendingChanges
        guard !changes.isEmpty else { return .empty }
        let items: [HTML] = changes.map { change in
            """
            <li><span class="change-kind \(change.kind.rawValue.lowercased())">\(ChangeSummary.verb(change.kind))</span>
            <strong>\(ChangeSummary.label(change.field))</strong> <span class="mono">\(ChangeSummary.value(of: change))</span>
            <form method="post" action="\(context.path)/changes/\(HTML.segment(change.id))/discard">\(page.csrfField)
            <button type="submit" class="link">Discard</button></form></li>
            """
        }
        return """
            <section class="card pending" aria-labelledby="pending-title">
            <h2 id="pending-title">\(changes.count) pending change\(changes.count == 1 ? "" : "s")</h2>
            <ul class="changes">\(items)</ul>
            <div class="pending-actions">
            <form class="deploy" method="post" action="\(context.path)/deploy" data-once>\(page.csrfField)
            <label class="visually-hidden" for="f-commit_message">Commit message</label>
            <input id="f-commit_message" name="commit_message" placeholder="What changes (optional)" maxlength="255" autocomplete="off">
            <button type="submit" class="primary">Deploy now</button>
            </form>
            <form method="post" action="\(context.path)/changes/discard-all">\(page.csrfField)
            <button type="submit">Discard all</button></form>
            </div>
            </section>
            """
    }
}
