import Foundation
import JSONCore

/// Follows a deployment until it ends: its pipeline log and status changes from the build-log stream, or,
/// for a token that may not read logs (`DEPLOY`), its status read once a second. Returns the final deployment.
public struct DeploymentWatcher: Sendable {
    let api: ZaneAPI
    let service: ServicePath
    let hash: String
    let display: ProgressDisplay
    let timeoutSeconds: Int

    public init(api: ZaneAPI, service: ServicePath, hash: String, terminal: Terminal, timeoutSeconds: Int) {
        self.api = api
        self.service = service
        self.hash = hash
        self.display = ProgressDisplay(hash: hash, terminal: terminal)
        self.timeoutSeconds = timeoutSeconds
    }

    var deploymentPath: String {
        "\(service.environmentPath)/service-details/\(service.escapedService)/deployments/\(hash)"
    }

    public func wait() async throws -> JSONValue {
        await display.start()
        do {
            let deployment = try await follow()
            await display.stop()
            return deployment
        } catch {
            await display.stop()
            throw error
        }
    }

    func follow() async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        var followsLog = true
        var position = "0"
        while ContinuousClock.now < deadline {
            if followsLog {
                do {
                    position = try await followLog(from: position, until: deadline)
                } catch ClientError.refused(let status, _, _, _) where status == 403 {
                    await display.note("(this token may not read logs: following the status only)")
                    followsLog = false
                }
            } else {
                try await Task.sleep(for: .seconds(1))
            }
            let deployment = try await api.send(.GET, deploymentPath).json ?? .null
            let status = deployment["status"]?.string ?? "QUEUED"
            await display.status(status)
            if DeploymentProgress.isFinal(status) { return deployment }
        }
        throw ClientError.failed(
            "deployment \(hash) did not finish within \(timeoutSeconds) s; it goes on: follow it with `zane status \(service)`."
        )
    }

    /// Reads the build-log stream from `position` until it ends; returns the position to resume from.
    func followLog(from position: String, until deadline: ContinuousClock.Instant) async throws -> String {
        let seconds = max(1, min(3600, Int((deadline - ContinuousClock.now).components.seconds)))
        let response = try await api.openStream(
            deploymentPath + "/build-logs/stream", query: [("after", position), ("max_seconds", String(seconds))],
            maximumSeconds: Int64(seconds))
        var decoder = ServerSentEvents()
        var resumeAt = position
        for try await buffer in response.body {
            for event in decoder.feed(String(buffer: buffer)) {
                if let id = event.id { resumeAt = id }
                guard let data = try? JSONBodyParser.parse(Array(event.data.utf8)) else { continue }
                switch event.name {
                case "log": await display.log(data["content_text"]?.string ?? data["content"]?.string ?? "")
                case "status": await display.status(data["status"]?.string ?? "")
                case "end": return resumeAt
                default: break
                }
            }
        }
        return resumeAt
    }
}

/// The screen while waiting: log lines scroll, the status line stays under them and is redrawn in place
/// (on a terminal); elsewhere each status change is a line of its own.
public actor ProgressDisplay {
    var progress: DeploymentProgress
    let terminal: Terminal
    let started = ContinuousClock.now
    var frame = 0
    var ticker: Task<Void, Never>?
    var drawn = false

    public init(hash: String, terminal: Terminal) {
        progress = DeploymentProgress(hash: hash)
        self.terminal = terminal
    }

    func start() {
        guard terminal.isInteractive, ticker == nil else {
            if !terminal.isInteractive { terminal.out(progress.plainLine) }
            return
        }
        draw()
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                await self?.tick()
            }
        }
    }

    func tick() {
        guard ticker != nil else { return }
        frame += 1
        draw()
    }

    func stop() {
        ticker?.cancel()
        ticker = nil
        if terminal.isInteractive, drawn {
            draw()
            terminal.raw("\n")
            drawn = false
        }
    }

    func status(_ status: String) {
        guard !status.isEmpty, progress.update(status) else { return }
        if terminal.isInteractive { draw() } else { terminal.out(progress.plainLine) }
    }

    func log(_ line: String) {
        clear()
        terminal.out(line)
        if terminal.isInteractive { draw() }
    }

    func note(_ line: String) { log(terminal.styled(line, .dim)) }

    func clear() {
        if terminal.isInteractive, drawn { terminal.raw("\r\u{1B}[2K") }
    }

    func draw() {
        guard terminal.isInteractive else { return }
        let seconds = Int((ContinuousClock.now - started).components.seconds)
        terminal.raw("\r\u{1B}[2K" + progress.statusLine(frame: frame, elapsedSeconds: seconds, terminal: terminal))
        drawn = true
    }
}
