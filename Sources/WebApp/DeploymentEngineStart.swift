import Domain
import Engine
import Logging
import NIOConcurrencyHelpers
import Vapor

/// Once the server has booted: the proxy is started (deployments probe through it), interrupted deployments
/// are recovered, queued ones start, and the health monitor, the proxy's supervision and the collection of
/// HTTP and runtime logs, their retention, the sampling of metrics and the removal of orphaned Docker objects
/// run until shutdown.
final class DeploymentEngineStart: LifecycleHandler, Sendable {
    let runner: DeploymentRunner
    let proxy: ProxySupervisor?
    let httpLogs: HTTPLogCollector?
    let runtimeLogs: RuntimeLogCollector?
    let metrics: MetricsCollector?
    let logRetention: LogRetention
    let monitorTickSeconds: Double
    let proxySuperviseSeconds: Double
    let metricsSampleSeconds: Double
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])

    init(
        runner: DeploymentRunner, proxy: ProxySupervisor?, httpLogs: HTTPLogCollector?,
        runtimeLogs: RuntimeLogCollector?,
        metrics: MetricsCollector?, logRetention: LogRetention, monitorTickSeconds: Double,
        proxySuperviseSeconds: Double,
        metricsSampleSeconds: Double
    ) {
        self.metricsSampleSeconds = metricsSampleSeconds
        self.runtimeLogs = runtimeLogs
        self.metrics = metrics
        self.logRetention = logRetention
        self.runner = runner
        self.proxy = proxy
        self.httpLogs = httpLogs
        self.monitorTickSeconds = monitorTickSeconds
        self.proxySuperviseSeconds = proxySuperviseSeconds
    }

    func didBoot(_ application: Application) throws {
        let (runner, proxy, httpLogs, runtimeLogs, metrics, logRetention, logger) = (
            runner, proxy, httpLogs, runtimeLogs, metrics, logRetention, application.logger
        )
        let (tick, superviseTick, metricsSeconds) = (monitorTickSeconds, proxySuperviseSeconds, metricsSampleSeconds)
        tasks.withLockedValue { tasks in
            tasks.append(
                Task {
                    if let proxy {
                        do { try await proxy.ensureRunning() } catch {
                            logger.error("the proxy could not be started", metadata: ["error": "\(error)"])
                        }
                    }
                    await runner.recover()
                    await runner.monitorForever(tickSeconds: tick)
                })
            if let httpLogs { tasks.append(Task { await httpLogs.collectForever(everySeconds: 1) }) }
            if let runtimeLogs { tasks.append(Task { await runtimeLogs.collectForever(everySeconds: 1) }) }
            tasks.append(Task { await logRetention.applyForever(everySeconds: 600) })
            tasks.append(Task { await runner.removeOrphansForever(everySeconds: 120) })
            if let metrics { tasks.append(Task { await metrics.sampleForever(everySeconds: metricsSeconds) }) }
            if let proxy {
                tasks.append(
                    Task {
                        try? await Task.sleep(for: .seconds(superviseTick))
                        await proxy.superviseForever(tickSeconds: superviseTick)
                    })
            }
        }
    }

    func shutdown(_ application: Application) {
        tasks.withLockedValue { $0.forEach { $0.cancel() } }
    }
}

/// The queue without a Docker engine: deployments are stored and stay queued until Zane runs with one.
struct NoEngineQueue: DeploymentQueue, OrphanRemoval {
    let logger: Logger

    func wake(serviceID: String) async {
        logger.warning(
            "no Docker engine is configured: the deployment stays queued", metadata: ["service": "\(serviceID)"])
    }

    func toggle(_ deployment: Deployment, running: Bool) async {}

    /// Without an engine, no Docker object was ever created.
    func removeOrphans() async {}
}
