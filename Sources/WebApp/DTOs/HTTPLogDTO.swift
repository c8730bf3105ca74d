import Domain

/// An HTTP log object (`api.md` §11).
struct HTTPLogDTO: JSONWritable {
    let log: HTTPLog

    init(_ log: HTTPLog) { self.log = log }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", log.id)
            object.field("time", log.time.iso8601)
            object.field("service_id", log.serviceID)
            object.field("deployment_id", log.deploymentID)
            object.field("request_uuid", log.requestUUID)
            object.field("status", log.status)
            object.field("request_method", log.method)
            object.field("request_protocol", log.requestProtocol)
            object.field("request_host", log.host)
            object.field("request_path", log.path)
            object.field("request_query", log.query)
            object.field("request_ip", log.ip)
            object.field("request_user_agent", log.userAgent)
            object.field("request_duration_ns", Int(log.durationNanoseconds))
            object.field("request_headers", log.requestHeaders)
            object.field("response_headers", log.responseHeaders)
            object.field("stack_id", JSONNull())
            object.field("stack_service_name", JSONNull())
        }
    }
}

/// `{"next", "previous", "results"}` with the cursors as links to this endpoint.
struct HTTPLogPageDTO: JSONWritable {
    let page: HTTPLogPage
    let link: (HTTPLogQuery.Cursor) -> String

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("next", page.next.map(link))
            object.field("previous", page.previous.map(link))
            object.field("results", page.logs.map(HTTPLogDTO.init))
        }
    }
}
