import DockerEngine
import Domain
import Foundation

extension DeploymentPipeline {
    static let notHealthyInTime = "The service failed to meet the healthcheck requirements when starting the service."

    /// Step 8 (`deploy.md` §4.4): polls the Swarm task, then the health check, until healthy or out of time.
    /// While the task is not running yet it is looked at every tenth of a second, and its health check runs
    /// as soon as it runs, again and again during its first poll interval (a deploy is done as soon as it
    /// can be); after that, a health check that fails is retried after the health poll interval.
    func waitUntilHealthy(_ progress: inout Progress) async -> (Deployment.Status, String?) {
        let healthcheck = progress.snapshot.configuration.healthcheck
        let timeout = Double(healthcheck?.timeoutSeconds ?? 30)
        let deadline = Date().addingTimeInterval(timeout)
        var result = Attempt(status: .unhealthy, reason: Self.notHealthyInTime, checked: true)
        var number = 0
        await log.write("Running healthchecks for deployment \(progress.deployment.hash)...", for: progress.deployment)
        repeat {
            result = await attempt(&progress, healthcheck: healthcheck, deadline: deadline)
            let pause = result.checked ? timing.healthPollSeconds : min(0.1, timing.healthPollSeconds)
            let isLast = result.status == .healthy || deadline.timeIntervalSinceNow <= pause || stopping.isRaised
            // A quiet look is logged when it is the last one, so that the log says how the wait ended.
            if result.checked || (isLast && number == 0 && !stopping.isRaised) {
                number += 1
                let left = max(0, Int(deadline.timeIntervalSinceNow.rounded()))
                await log.write(
                    "Healthcheck attempt #\(number): \(result.status.rawValue)\(result.reason.map { " (\($0))" } ?? ""), \(left)s left.",
                    result.status == .healthy ? .info : .error, for: progress.deployment)
            }
            if isLast { return (result.status, result.reason) }
            try? await Task.sleep(for: .seconds(pause))
        } while Date() < deadline
        return (result.status, result.reason)
    }

    /// One look at the deployment; `checked` when its health check ran (or the task failed for good).
    struct Attempt {
        var status: Deployment.Status
        var reason: String?
        var checked: Bool
    }

    func attempt(_ progress: inout Progress, healthcheck: HealthCheck?, deadline: Date) async -> Attempt {
        let tasks: [DockerEngineClient.Task]
        do {
            tasks = try await docker.tasks(ofService: progress.swarmServiceName)
        } catch {
            return Attempt(status: .unhealthy, reason: String(describing: error), checked: true)
        }
        guard let task = tasks.filter({ $0.desiredState == "running" }).max(by: { $0.version.index < $1.version.index })
        else {
            return Attempt(
                status: .unhealthy, reason: "The service has no task that should be running.", checked: false)
        }
        let reason = task.status.err ?? task.status.message
        switch task.status.state {
        case "new", "pending", "assigned", "accepted", "ready", "preparing", "starting":
            let status: Deployment.Status = tasks.count > 1 ? .restarting : .starting
            await record(status, reason, of: &progress.deployment, by: progress.writer)
            return Attempt(status: status, reason: reason, checked: false)
        case "running":
            if progress.running?.taskID != task.id { progress.running = (task.id, Date()) }
            // Without a health check, a task is healthy once it has kept running a while: one that exits at
            // once is running for an instant. A health check that passes is itself the proof, and runs at once.
            if healthcheck == nil, let running = progress.running,
                -running.since.timeIntervalSinceNow < timing.stableRunSeconds
            {
                return Attempt(status: .starting, reason: reason, checked: false)
            }
        default: return Attempt(status: .unhealthy, reason: reason, checked: true)
        }
        guard let healthcheck else { return Attempt(status: .healthy, reason: nil, checked: true) }
        guard task.status.containerStatus?.containerID != nil else {
            return Attempt(status: .starting, reason: reason, checked: false)
        }
        let left = deadline.timeIntervalSinceNow
        let (status, output) = await check(healthcheck, on: task, timeoutSeconds: min(max(left, 0.5), 5))
        // An app needs a moment to listen once its container runs: for one poll interval, a failed check is
        // tried again at once, quietly, rather than after the interval (a deploy is done as soon as it can be).
        if status != .healthy, let running = progress.running,
            -running.since.timeIntervalSinceNow < timing.healthPollSeconds
        {
            return Attempt(status: status, reason: output, checked: false)
        }
        return Attempt(status: status, reason: output, checked: true)
    }

    /// Runs the health check against the task's container: a command through exec, or an HTTP GET through
    /// the proxy (the only vantage point on the overlay network).
    /// `onlyOK`: the health monitor counts only a 200 as healthy, the deploy-time check any 2xx (`deploy.md` §8.1).
    /// Bounded by `timeoutSeconds`, whatever the container or the proxy do.
    func check(
        _ healthcheck: HealthCheck, on task: DockerEngineClient.Task, timeoutSeconds: Double, onlyOK: Bool = false
    ) async -> (Deployment.Status, String?) {
        let verdict = await withinDeadline(seconds: timeoutSeconds) { [self] in
            await uncheckedCheck(healthcheck, on: task, timeoutSeconds: timeoutSeconds, onlyOK: onlyOK)
        }
        return verdict ?? (
            .unhealthy, "The healthcheck did not answer within \(Int(timeoutSeconds.rounded())) seconds."
        )
    }

    func uncheckedCheck(
        _ healthcheck: HealthCheck, on task: DockerEngineClient.Task, timeoutSeconds: Double, onlyOK: Bool
    ) async -> (Deployment.Status, String?) {
        guard let container = task.status.containerStatus?.containerID else {
            return (.unhealthy, "The task has no container.")
        }
        switch healthcheck.kind {
        case .command:
            do {
                let result = try await docker.exec(ShellWords.split(healthcheck.value), inContainer: container)
                let output = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
                if result.exitCode == 0 { return (.healthy, output.isEmpty ? nil : output) }
                return (
                    .unhealthy,
                    output.isEmpty
                        ? "The healthcheck command `\(healthcheck.value)` exited with code \(result.exitCode)." : output
                )
            } catch {
                return (.unhealthy, String(describing: error))
            }
        case .path:
            guard let probe else { return (.unhealthy, "PATH health checks need the proxy, which is not configured.") }
            guard let address = task.address(onNetwork: DockerNames.globalNetwork) else {
                return (.unhealthy, "The container has no address on the `\(DockerNames.globalNetwork)` network.")
            }
            let upstream = "\(address):\(healthcheck.associatedPort ?? 80)"
            do {
                let answer = try await probe.get(healthcheck.value, upstream: upstream, timeoutSeconds: timeoutSeconds)
                let body = String(answer.body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
                if onlyOK ? answer.status == 200 : (200..<300).contains(answer.status) {
                    return (.healthy, body.isEmpty ? nil : body)
                }
                return (.unhealthy, body.isEmpty ? "GET \(healthcheck.value) answered \(answer.status)." : body)
            } catch {
                return (.unhealthy, String(describing: error))
            }
        }
    }
}
