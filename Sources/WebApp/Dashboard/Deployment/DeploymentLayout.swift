import Domain

/// The frame of every deployment tab: breadcrumbs, the header with status and actions, the progress line
/// and the tabs.
struct DeploymentLayout {
    let context: DeploymentPages.Context
    let page: DashboardRequest

    func render(_ tab: DeploymentPages.Tab, _ content: HTML) -> HTML {
        let deployment = context.deployment
        let tabs: [HTML] = DeploymentPages.Tab.allCases.map { item in
            let href = item == .build ? context.path : "\(context.path)/\(item.rawValue)"
            return HTML.navigationLink(item.label, href: href, current: item == tab)
        }
        let envPath = "/project/\(HTML.segment(context.project.slug))/\(HTML.segment(context.environment.name))"
        return """
            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> / <a href="\(envPath)">\(context.project.slug)</a> / <a href="\(context.servicePath)">\(context.service.slug)</a> / <span>deployments</span></nav>
            <div class="page-head">
            <div class="service-title">
            <h1 class="mono">\(deployment.unprefixedHash)</h1>
            <span id="deployment-status" data-live>\(StatusBadge.badge(deployment.status))</span>
            \(deployment.isCurrentProduction ? "<span class=\"muted small\">current</span>" : "" as HTML)
            </div>
            <div id="deployment-action" data-live>\(action)</div>
            </div>
            <div id="deployment-meta" data-live><p class="service-meta"><span>\(deployment.commitMessage)</span> \(commit)<span class="muted small">\(deployment.trigger.rawValue.lowercased()) · queued \(DashboardFormat.time(deployment.queuedAt))\(deployment.finishedAt.map { " · finished \(DashboardFormat.time($0))" as HTML })</span></p>
            \(deployment.statusReason.map { "<p class=\"reason\">\($0)</p>" as HTML })</div>
            \(progress)
            <nav class="tabs service-tabs" aria-label="Deployment">\(tabs)</nav>
            \(content)
            """
    }

    /// A git deployment's commit and author.
    var commit: HTML {
        guard let sha = context.deployment.commitSHA, sha != GitSource.head else { return .empty }
        let author: HTML = context.deployment.commitAuthorName.map { " by \($0)" } ?? .empty
        return
            "<span class=\"mono small\" title=\"\(sha)\">\(String(sha.prefix(7)))</span><span class=\"muted small\">\(author)</span> "
    }

    var action: HTML {
        let deployment = context.deployment
        if deployment.status == .queued || deployment.status.isInProgress {
            return """
                <form method="post" action="\(context.path)/cancel">\(page.csrfField)<button type="submit">Cancel deployment</button></form>
                """
        }
        guard !deployment.isCurrentProduction else { return .empty }
        return """
            <form method="post" action="\(context.path)/redeploy" data-once>\(page.csrfField)<button type="submit">Redeploy</button></form>
            """
    }

    /// Queued, preparing, building (git services), starting, then the outcome: each step reached is
    /// marked, the current one busy.
    var progress: HTML {
        let status = context.deployment.status
        let builds = context.service.kind == .gitRepository
        var labels = ["Queued", "Preparing"] + (builds ? ["Building"] : []) + ["Starting", "Healthy"]
        let starting = builds ? 3 : 2
        let reached: Int
        var failed = false
        switch status {
        case .queued: reached = 0
        case .preparing: reached = 1
        case .building: reached = builds ? 2 : 1
        case .starting, .restarting, .cancelling: reached = starting
        case .healthy, .sleeping, .removed: reached = labels.count
        case .failed, .unhealthy, .cancelled:
            reached = labels.count - 1
            labels[reached] = status.rawValue.capitalized
            failed = true
        }
        let steps: [HTML] = labels.enumerated().map { index, label in
            let state: String =
                index < reached ? "done" : index == reached ? (failed ? "failed" : "current") : "todo"
            let current: HTML = index == reached ? " aria-current=\"step\"" : .empty
            return "<li class=\"\(state)\"\(current)>\(label)</li>"
        }
        return "<ol class=\"progress\" id=\"progress\" data-live aria-label=\"Progress\">\(steps)</ol>"
    }
}
