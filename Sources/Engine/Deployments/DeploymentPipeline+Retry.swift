import CaddyAdmin
import DockerEngine
import Domain

extension DeploymentPipeline {
    static let attemptsPerStep = 5

    /// Runs one engine step, again after an infrastructure error (the engine or the proxy unreachable, timing
    /// out or answering 5xx): up to 5 attempts, the delay doubling up to 30 s (`deploy.md` §4). An error about the
    /// request itself (4xx) fails the step at once. Every step is idempotent, so a retry never duplicates.
    /// While Zane stops, a failed attempt ends the run for the next start instead.
    @discardableResult
    func step<Result>(_ name: String, for deployment: Deployment, _ body: () async throws -> Result) async throws
        -> Result
    {
        var delay = timing.retryDelaySeconds
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as any TransientError where error.isTransient && attempt < Self.attemptsPerStep {
                // The next start tries again, instead of holding the stop for the retries.
                if stopping.isRaised { throw Stopped() }
                await log.write(
                    "\(name) failed (\(error)); retrying in \(Self.seconds(delay)) (attempt \(attempt + 1) of \(Self.attemptsPerStep)).",
                    .error, for: deployment)
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
                attempt += 1
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}

/// An error of infrastructure that trying again later may get past.
protocol TransientError: Error {
    var isTransient: Bool { get }
}

extension DockerEngineError: TransientError {
    var isTransient: Bool {
        switch self {
        case .unreachable, .timedOut: true
        case .unexpectedStatus(let code, _, _): code >= 500
        case .invalidPath, .buildFailed: false
        }
    }
}

extension CaddyAdminError: TransientError {}
