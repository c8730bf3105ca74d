import Logging
import ServiceLifecycle

/// The deployment queues and the health monitor as one service. At start: the proxy (deployments probe
/// through it), then the recovery of interrupted deployments and the queues, then the monitor. A graceful
/// shutdown ends the monitor and stops every running pipeline at its next checkpoint, where the next start
/// picks it up again; the service ends once none runs.
public struct DeploymentService: Service, CustomStringConvertible {
    let runner: DeploymentRunner
    let proxy: ProxySupervisor?
    let monitorTickSeconds: Double
    let logger: Logger

    public init(runner: DeploymentRunner, proxy: ProxySupervisor?, monitorTickSeconds: Double, logger: Logger) {
        self.runner = runner
        self.proxy = proxy
        self.monitorTickSeconds = monitorTickSeconds
        self.logger = logger
    }

    public var description: String { "deployments" }

    public func run() async throws {
        if let proxy {
            do { try await proxy.ensureRunning() } catch {
                logger.error("the proxy could not be started", metadata: ["error": "\(error)"])
            }
        }
        await runner.recover()
        let (runner, tick) = (runner, monitorTickSeconds)
        await cancelWhenGracefulShutdown { await runner.monitorForever(tickSeconds: tick) }
        await runner.stop()
    }
}
