import Domain
import Vapor

/// The Deployments tab: newest first, filtered by status, each with redeploy or cancel.
extension ServicePages {
    static let deploymentsShown = 100

    func deploymentList(_ context: ServiceContext, _ page: DashboardRequest, _ request: Request) -> HTML {
        let wanted = request.query[String.self, at: "status"].flatMap(Deployment.Status.init(rawValue:))
        let shown = context.deployments.filter { wanted == nil || $0.status == wanted }.prefix(Self.deploymentsShown)
        let options: [HTML] = Deployment.Status.allCases.map { status in
            let words = status.rawValue.capitalized
            return "<option value=\"\(status.rawValue)\"\(status == wanted ? " selected" : "")>\(words)</option>"
        }
        let rows: [HTML] = shown.map { deploymentRow($0, context, page) }
        let empty: HTML =
            wanted == nil
            ? "<p class=\"empty\">Not deployed yet. Review the pending changes above, then deploy.</p>"
            : "<p class=\"empty\">No deployment with this status.</p>"
        return """
            <form class="toolbar" method="get" action="\(context.path)">
            <label for="deployment-status">Status</label>
            <select id="deployment-status" name="status" data-autosubmit><option value="">All</option>\(options)</select>
            <noscript><button type="submit">Filter</button></noscript>
            </form>
            <div id="deployments" data-live>\(rows.isEmpty ? empty : "<ul class=\"deployments\">\(rows)</ul>" as HTML)</div>
            """
    }

    func deploymentRow(_ deployment: Deployment, _ context: ServiceContext, _ page: DashboardRequest) -> HTML {
        let path = context.deploymentPath(deployment.hash)
        let cancellable = deployment.status == .queued || deployment.status.isInProgress
        let action: HTML =
            cancellable
            ? """
            <form method="post" action="\(path)/cancel">\(page.csrfField)<button type="submit">Cancel</button></form>
            """
            : deployment.isCurrentProduction
                ? "<span class=\"muted small\">Current</span>"
                : """
                <form method="post" action="\(path)/redeploy" data-once>\(page.csrfField)<button type="submit">Redeploy</button></form>
                """
        return """
            <li class="card deployment">
            \(StatusBadge.badge(deployment.status))
            <a class="mono" href="\(path)">\(deployment.unprefixedHash)</a>
            <span class="commit">\(deployment.commitMessage)</span>
            <span class="muted small">\(deployment.trigger.rawValue.lowercased()) · \(DashboardFormat.time(deployment.queuedAt))</span>
            \(action)
            </li>
            """
    }
}
