import Domain
import Foundation

/// Log lines as the dashboard shows them: time, then text; errors marked. The script adds streamed lines
/// in the same shape (`data-id` keeps a line from showing twice).
enum LogLines {
    static func render(
        _ lines: [DeploymentLogLine], context: ((DeploymentLogLine) -> String)? = nil, marked: String? = nil
    )
        -> HTML
    {
        HTML.join(
            lines.map { line in
                let link: HTML =
                    context.map { "<a class=\"context\" href=\"\($0(line))\">context</a>" as HTML } ?? .empty
                return """
                    <div class="line\(line.level == .error ? " error" : "")\(line.id == marked ? " marked" : "")" data-id="\(line.id)"><time>\(clock(line.timestamp))</time><span class="text">\(line.contentText)</span>\(link)</div>
                    """
            })
    }

    /// `10:04:05.120` in UTC.
    static func clock(_ nanoseconds: Int64) -> String {
        let time = DeploymentLogDTO.naiveTime(nanoseconds)
        guard let t = time.firstIndex(of: "T") else { return time }
        return String(time[time.index(after: t)...].prefix(12))
    }
}
