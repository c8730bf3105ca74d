import Domain
import Vapor

/// The runtime logs tab: the latest lines with the level and text filters, a live tail, and a line's
/// context (`?around=` a line's time) to read what happened just before and after it.
extension DeploymentPages {
    static let runtimeLinesShown = 200

    func runtimeLogs(_ request: Request) async throws -> Response {
        try await render(request, .logs) { context in
            let filter = try DeploymentLogsController.runtimeFilter(request)
            // Digits only, as the API's context route takes them: a negative time would overflow the reads around it.
            let around = request.query[String.self, at: "around"].flatMap(DeploymentLogsController.digits)
            let hash = context.deployment.hash
            let lines: [DeploymentLogLine]
            var stream = HTML.empty
            if let around {
                lines = try await DeploymentLogContext.read(
                    logs, deploymentHash: hash, filter: LogFilter(sources: [.service]), around: around, count: 40
                ).lines
            } else {
                // The stream starts where the store ends now: lines written while the page reads are sent twice
                // at most, and the script keeps one of each.
                let end = try await logs.linesStored(after: nil, deploymentHash: hash, filter: filter, limit: 0)
                    .resumeAt
                lines = try await DeploymentLogPage.read(
                    logs, deploymentHash: hash, filter: filter, cursor: nil, limit: Self.runtimeLinesShown
                ).lines.reversed()
                var query = "after=\(end)"
                if let text = filter.text { query += "&query=\(HTML.queryValue(text))" }
                if filter.levels.count == 1, let level = filter.levels.first { query += "&level=\(level.rawValue)" }
                stream =
                    " data-stream=\"\(context.apiPath)/runtime-logs/stream?\(query)\" data-context=\"\(context.path)/runtime-logs?around=\""
            }
            let marked = around.flatMap { time in lines.first { $0.timestamp >= time }?.id }
            let level = filter.levels.count == 1 ? filter.levels.first?.rawValue ?? "" : ""
            func option(_ value: String, _ label: String) -> HTML {
                "<option value=\"\(value)\"\(value == level ? " selected" : "")>\(label)</option>"
            }
            let contextLink: (DeploymentLogLine) -> String = { "\(context.path)/runtime-logs?around=\($0.timestamp)" }
            let empty: HTML =
                filter.text == nil && level.isEmpty
                ? "<p class=\"muted\" data-placeholder>No line printed yet.</p>"
                : "<p class=\"muted\" data-placeholder>No line matches.</p>"
            return """
                <section class="card log-card" aria-labelledby="runtime-title">
                <h2 id="runtime-title">\(around == nil ? "Runtime logs" : "Around the chosen line")</h2>
                <form class="toolbar" method="get" action="\(context.path)/runtime-logs" role="search">
                <label class="visually-hidden" for="log-query">Search the logs</label>
                <input id="log-query" name="query" type="search" placeholder="Search the logs" value="\(filter.text ?? "")">
                <label class="visually-hidden" for="log-level">Level</label>
                <select id="log-level" name="level">\(option("", "All levels"))\(option("INFO", "Info"))\(option("ERROR", "Errors"))</select>
                <button type="submit">Filter</button>
                \(around == nil ? "" : "<a class=\"button\" href=\"\(context.path)/runtime-logs\">Back to the tail</a>" as HTML)
                </form>
                <div class="log" id="runtime-log" role="log"\(stream)>\(lines.isEmpty ? empty : LogLines.render(lines, context: around == nil ? contextLink : nil, marked: marked))</div>
                </section>
                """
        }
    }

    func details(_ request: Request) async throws -> Response {
        try await render(request, .details) { context in
            let deployment = context.deployment
            let changes: [HTML] = deployment.changes.map { change in
                "<li><span class=\"change-kind \(change.kind.rawValue.lowercased())\">\(ChangeSummary.verb(change.kind))</span> <strong>\(ChangeSummary.label(change.field))</strong> <span class=\"mono\">\(ChangeSummary.value(of: change))</span></li>"
            }
            return """
                <div class="settings">
                <section class="card" aria-labelledby="changes-title">
                <h2 id="changes-title">Changes it applied</h2>
                \(changes.isEmpty ? "<p class=\"muted\">None: it deployed the configuration as it was.</p>" : "<ul class=\"changes\">\(changes)</ul>" as HTML)
                <dl class="facts">
                <dt>Slot</dt><dd>\(deployment.slot.rawValue.lowercased())</dd>
                <dt>Trigger</dt><dd>\(deployment.trigger.rawValue.lowercased())</dd>
                \(deployment.startedAt.map { "<dt>Started</dt><dd>\(DashboardFormat.time($0))</dd>" as HTML })
                \(deployment.redeployHash.map { "<dt>Redeploys</dt><dd class=\"mono\">\($0)</dd>" as HTML })
                </dl>
                </section>
                <section class="card" aria-labelledby="snapshot-title">
                <h2 id="snapshot-title">Snapshot</h2>
                <p class="hint">The service exactly as this deployment ran it.</p>
                <pre class="snapshot">\(PrettyJSON.text(deployment.snapshot.map { ServiceDTO($0.details) }))</pre>
                </section>
                </div>
                """
        }
    }
}
