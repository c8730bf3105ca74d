import Domain
import Foundation
import Vapor

/// The live tail of a deployment's runtime logs, as Server-Sent Events: each new `SERVICE` line that passes
/// the filters of §10.1 is one `log` event whose data is the log entry and whose id is its position in the
/// store. A client that reconnects with `Last-Event-ID` (as `EventSource` does) misses nothing.
extension DeploymentLogsController {
    static let streamPollInterval: Duration = .milliseconds(500)
    static let streamKeepAliveSeconds = 15.0

    func runtimeLogStream(_ request: Request) async throws -> Response {
        let filter = try Self.runtimeFilter(request)
        let resumeFrom = try Self.position(
            request.headers.first(name: "Last-Event-ID") ?? request.query[String.self, at: "after"])
        let seconds = try Self.duration(request.query[String.self, at: "max_seconds"])
        let (service, _) = try await services.find(request)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        let context = try request.requireAuth()
        let slot = try streamSlots.acquire(userID: context.user.id)
        let (logs, hash, auth, sessionKey, sessionCheckSeconds) = (
            logs, deployment.hash, auth, context.session.key, streamSessionCheckSeconds
        )
        let body = Response.Body(
            managedAsyncStream: { writer in
                defer { slot.release() }
                let deadline = ContinuousClock.now + .seconds(seconds)
                var lastSessionCheck = ContinuousClock.now
                var position: Int64
                if let resumeFrom {
                    position = resumeFrom
                } else {
                    position = try await logs.linesStored(after: nil, deploymentHash: hash, filter: filter, limit: 0)
                        .resumeAt
                }
                try await writer.write(
                    .buffer(ByteBuffer(string: "retry: 1000\nid: \(position)\nevent: ready\ndata: {}\n\n")))
                var lastWrite = ContinuousClock.now
                while ContinuousClock.now < deadline, !Task.isCancelled {
                    if ContinuousClock.now - lastSessionCheck > .seconds(sessionCheckSeconds) {
                        guard (try? await auth.authenticate(key: sessionKey)) != nil else { return }
                        lastSessionCheck = ContinuousClock.now
                    }
                    let read = try await logs.linesStored(
                        after: position, deploymentHash: hash, filter: filter, limit: 500)
                    position = read.resumeAt
                    if !read.lines.isEmpty {
                        var events = ""
                        for (at, line) in read.lines {
                            events +=
                                "id: \(at)\nevent: log\ndata: \(String(buffer: JSONResponse.body(DeploymentLogDTO(line: line))))\n\n"
                        }
                        try await writer.write(.buffer(ByteBuffer(string: events)))
                        lastWrite = ContinuousClock.now
                        if read.lines.count == 500 { continue }
                    } else if ContinuousClock.now - lastWrite > .seconds(Self.streamKeepAliveSeconds) {
                        // A comment keeps proxies from closing an idle connection, and fails once the client has gone.
                        try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                        lastWrite = ContinuousClock.now
                    }
                    try await Task.sleep(for: Self.streamPollInterval)
                }
            }, count: -1)
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/event-stream")
        headers.add(name: .cacheControl, value: "no-cache")
        headers.add(name: "X-Accel-Buffering", value: "no")
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A position from `Last-Event-ID` or `after`: digits, or nothing (then the stream starts at the end).
    static func position(_ text: String?) throws(DomainError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let position = digits(text) else {
            throw .invalid("after", "Enter a position: the id of the last event received.")
        }
        return position
    }

    /// How long the stream stays open (`max_seconds`, 1–3600, default 600); clients reconnect after it.
    static func duration(_ text: String?) throws(DomainError) -> Int {
        guard let text, !text.isEmpty else { return 600 }
        guard let seconds = Int(text), (1...3600).contains(seconds) else {
            throw .invalid("max_seconds", "Ensure this value is a whole number of seconds from 1 to 3600.")
        }
        return seconds
    }
}
