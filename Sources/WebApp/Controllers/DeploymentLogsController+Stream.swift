import Domain
import Foundation
import Vapor

/// Live tails of a deployment's logs, as Server-Sent Events: each new line that passes the filter is one
/// `log` event whose data is the log entry and whose id is its position in the store. A client that
/// reconnects with `Last-Event-ID` (as `EventSource` does) misses nothing.
extension DeploymentLogsController {
    static let streamPollInterval: Duration = .milliseconds(500)
    static let streamKeepAliveSeconds = 15.0

    /// `SERVICE` lines that pass the filters of §10.1.
    func runtimeLogStream(_ request: Request) async throws -> Response {
        try await stream(request, filter: try Self.runtimeFilter(request), followingStatus: false)
    }

    /// The pipeline's lines while the deployment runs, with a `status` event at each change of its status;
    /// once it has finished and every line is sent, an `end` event, and the stream closes.
    func buildLogStream(_ request: Request) async throws -> Response {
        try await stream(request, filter: LogFilter(sources: [.system, .build]), followingStatus: true)
    }

    /// Whether the caller's session or token still lets them in: a stream ends soon after a logout or revocation.
    func stillSignedIn(_ context: AuthContext) -> @Sendable () async -> Bool {
        switch context.credential {
        case .session(let session):
            return { [auth] in (try? await auth.authenticate(key: session.key)) != nil }
        case .token(let token):
            return { [tokens] in (try? await tokens.isLive(token)) == true }
        }
    }

    func stream(_ request: Request, filter: LogFilter, followingStatus: Bool) async throws -> Response {
        let resumeFrom = try Self.position(
            request.headers.first(name: "Last-Event-ID") ?? request.query[String.self, at: "after"])
        let seconds = try Self.duration(request.query[String.self, at: "max_seconds"])
        let (service, _) = try await services.find(request)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        let context = try request.requireAuth()
        let slot = try streamSlots.acquire(userID: context.user.id)
        let (logs, hash, sessionCheckSeconds) = (logs, deployment.hash, streamSessionCheckSeconds)
        let isStillSignedIn = stillSignedIn(context)
        let deployments = deployments
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
                // The status last sent: nil at first, so that a client following the status hears it first.
                var announced: Deployment.Status?
                var status: Deployment.Status?
                while ContinuousClock.now < deadline, !Task.isCancelled {
                    if ContinuousClock.now - lastSessionCheck > .seconds(sessionCheckSeconds) {
                        guard await isStillSignedIn() else { return }
                        lastSessionCheck = ContinuousClock.now
                    }
                    // The status is read before the lines: once it is final, the lines read after it are the last.
                    if followingStatus { status = try await deployments.deployment(hash, of: service).status }
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
                    }
                    if let status, status != announced {
                        let event = "event: status\ndata: {\"status\":\"\(status.rawValue)\"}\n\n"
                        try await writer.write(.buffer(ByteBuffer(string: event)))
                        announced = status
                        lastWrite = ContinuousClock.now
                    }
                    if let status, Self.isFinished(status) {
                        try await writer.write(.buffer(ByteBuffer(string: "event: end\ndata: {}\n\n")))
                        return
                    }
                    if read.lines.isEmpty, ContinuousClock.now - lastWrite > .seconds(Self.streamKeepAliveSeconds) {
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

    /// Nothing more will be written to its build log.
    static func isFinished(_ status: Deployment.Status) -> Bool { status != .queued && !status.isInProgress }

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
