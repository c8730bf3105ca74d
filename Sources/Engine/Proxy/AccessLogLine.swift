import Domain
import Foundation

/// One line of the proxy's access log turned into an HTTP log (`proxy.md` §6.2). Lines that are not
/// requests to a service URL (no deployment header: the 404 page, the app's own routes) are dropped, and
/// so are lines that fail the spec's checks.
enum AccessLogLine {
    struct Parsed {
        var log: HTTPLog
        /// The deployment that answered, from its response header; the service is looked up from it.
        var deploymentHash: String
    }

    static func parse(_ line: Substring) -> Parsed? {
        guard let json = try? JSONBodyParser.parse(Array(line.utf8)), json["msg"]?.string == "handled request",
            let request = json["request"], let status = json["status"]?.int, status >= 100,
            let method = request["method"]?.string, HTTPLog.methods.contains(method),
            let proto = request["proto"]?.string, HTTPLog.protocols.contains(proto),
            let host = request["host"]?.string, let uri = request["uri"]?.string,
            let responseHeaders = json["resp_headers"], let hash = first(responseHeaders, ServiceRoutes.hashHeader)
        else { return nil }
        let requestHeaders = request["headers"] ?? [:]
        let seconds = json["ts"]?.double ?? Date().timeIntervalSince1970
        let (path, query) = split(uri)
        let forwarded = first(requestHeaders, "X-Forwarded-For")?.split(separator: ",").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let log = HTTPLog(
            id: UUID().uuidString.lowercased(), time: Timestamp(microseconds: Int64(seconds * 1_000_000)),
            serviceID: nil, deploymentID: hash,
            requestUUID: first(responseHeaders, ServiceRoutes.requestIDHeader), status: status, method: method,
            requestProtocol: proto,
            host: host, path: path, query: query, ip: forwarded ?? request["remote_ip"]?.string ?? "",
            userAgent: first(requestHeaders, "User-Agent"),
            durationNanoseconds: Int64(((json["duration"]?.double ?? 0) * 1e9).rounded()),
            requestHeaders: requestHeaders, responseHeaders: responseHeaders)
        return Parsed(log: log, deploymentHash: hash)
    }

    /// The first value of a header in Caddy's `{name: [values]}`, whatever the name's case.
    static func first(_ headers: JSONValue, _ name: String) -> String? {
        guard case .object(let fields) = headers else { return nil }
        let wanted = name.lowercased()
        guard let entry = fields.first(where: { $0.key.lowercased() == wanted })?.value, case .array(let values) = entry
        else { return nil }
        return values.first?.string
    }

    /// `/a/b?c=1` → (`/a/b`, `c=1`); no query → `""`.
    static func split(_ uri: String) -> (String, String) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}
