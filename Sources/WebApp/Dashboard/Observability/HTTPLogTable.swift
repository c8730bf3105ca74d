import Domain
import Vapor

/// The HTTP logs of a service or of one deployment: the latest requests, filtered by method, status and
/// path as `GET /api/http-logs` filters them, older ones a page at a time.
enum HTTPLogTable {
    static let filters: Set<String> = ["request_method", "status", "request_path", "cursor"]

    static func render(
        _ request: Request, _ logs: any HTTPLogRepository, serviceID: String, deploymentID: String?, action: String
    ) async throws -> HTML {
        let items = HTTPLogsController.queryItems(request).filter { filters.contains($0.name) }
        var errors = FormErrors(scope: "http")
        var page = HTTPLogPage.empty
        do {
            var query = try HTTPLogQuery(items: items)
            query.serviceID = serviceID
            query.deploymentID = deploymentID
            if let text = items.last(where: { $0.name == "cursor" })?.value {
                query.cursor = HTTPLogQuery.Cursor(text: text)
            }
            page = try await HTTPLogPage.read(logs, query, perPage: 50)
        } catch let error as DomainError {
            // The filter inputs have no error slot of their own: every reason goes above them.
            errors = FormErrors(error, scope: "http").showing(only: [String]())
        }
        func value(_ name: String) -> String { items.last { $0.name == name }?.value ?? "" }
        let method = value("request_method")
        let methods: [HTML] = ["", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map { name in
            "<option value=\"\(name)\"\(name == method ? " selected" : "")>\(name.isEmpty ? "Any method" : name)</option>"
        }
        let rows: [HTML] = page.logs.map { log in
            let tone = log.status >= 500 ? "bad" : log.status >= 400 ? "busy" : "good"
            return """
                <tr><td>\(DashboardFormat.time(log.time))</td><td><span class="code \(tone)">\(log.status)</span></td>
                <td class="mono">\(log.method)</td><td class="mono path">\(log.host)\(log.path)\(log.query.isEmpty ? "" : "?" + log.query)</td>
                <td class="num">\(Self.milliseconds(log.durationNanoseconds))</td><td class="muted small">\(log.ip)</td></tr>
                """
        }
        // The next page keeps the filters of this one.
        let kept = ["request_method", "status", "request_path"].compactMap { name -> String? in
            let given = value(name)
            return given.isEmpty ? nil : "&\(name)=\(HTML.queryValue(given))"
        }.joined()
        let older: HTML =
            page.next.map { cursor in
                "<a class=\"button\" href=\"\(action)?cursor=\(HTML.queryValue(cursor.text))\(kept)\">Older requests</a>"
            } ?? .empty
        return """
            <section class="card" aria-labelledby="http-title">
            <h2 id="http-title">HTTP logs</h2>
            \(errors.summary)
            <form class="toolbar" method="get" action="\(action)" role="search">
            <label class="visually-hidden" for="http-method">Method</label>
            <select id="http-method" name="request_method">\(methods)</select>
            <label class="visually-hidden" for="http-status">Status</label>
            <input id="http-status" name="status" placeholder="Status: 404, 5xx" value="\(value("status"))" size="12">
            <label class="visually-hidden" for="http-path">Path</label>
            <input id="http-path" name="request_path" type="search" placeholder="Path" value="\(value("request_path"))">
            <button type="submit">Filter</button>
            </form>
            \(rows.isEmpty ? "<p class=\"muted\">No request logged yet.</p>" : "<div class=\"table-wrap\"><table class=\"requests\"><thead><tr><th>Time</th><th>Status</th><th>Method</th><th>URL</th><th class=\"num\">ms</th><th>Client</th></tr></thead><tbody>\(rows)</tbody></table></div>" as HTML)
            <div class="actions">\(older)</div>
            </section>
            """
    }

    static func milliseconds(_ nanoseconds: Int64) -> String {
        String(format: "%.1f", Double(nanoseconds) / 1_000_000)
    }
}
