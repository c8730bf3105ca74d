import Domain
import Foundation

/// A log entry (§10).
struct DeploymentLogDTO: JSONWritable {
    let line: DeploymentLogLine

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", line.id)
            object.field("time", Self.naiveTime(line.timestamp))
            object.field("timestamp", Int(line.timestamp))
            object.field("level", line.level.rawValue)
            object.field("source", line.source.rawValue)
            object.field("service_id", line.serviceID)
            object.field("deployment_id", line.deploymentHash)
            object.field("container_id", line.containerID)
            object.field("stack_id", JSONNull())
            object.field("stack_service_name", JSONNull())
            object.field("content", line.content)
            object.field("content_text", line.contentText)
        }
    }

    /// `2025-01-05T10:00:00.120000`: ISO time in UTC without a zone, with microseconds.
    static func naiveTime(_ nanoseconds: Int64) -> String {
        let text = String(Timestamp(microseconds: nanoseconds / 1000).iso8601.dropLast())
        return text.contains(".") ? text : text + ".000000"
    }
}

/// `{query_time_ms, results, next, previous}` of a log read (§10.1).
struct DeploymentLogPageDTO: JSONWritable {
    let page: DeploymentLogPage
    let queryTimeMilliseconds: Double

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("query_time_ms", JSONValue.double((queryTimeMilliseconds * 1000).rounded() / 1000))
            object.field("results", page.lines.map(DeploymentLogDTO.init))
            object.field("next", page.next?.text)
            object.field("previous", page.previous?.text)
        }
    }
}

/// `{query_time_ms, results, before_count, after_count}` of the lines around a moment (§10.2).
struct DeploymentLogContextDTO: JSONWritable {
    let context: DeploymentLogContext
    let queryTimeMilliseconds: Double

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("query_time_ms", JSONValue.double((queryTimeMilliseconds * 1000).rounded() / 1000))
            object.field("results", context.lines.map(DeploymentLogDTO.init))
            object.field("before_count", context.beforeCount)
            object.field("after_count", context.afterCount)
        }
    }
}
