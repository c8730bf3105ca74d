import Domain
import Vapor

/// The deployment's HTTP logs and metrics tabs.
extension DeploymentPages {
    func httpLogsTab(_ request: Request) async throws -> Response {
        try await render(request, .httpLogs) { context in
            try await HTTPLogTable.render(
                request, httpLogs, serviceID: context.service.id, deploymentID: context.deployment.hash,
                action: "\(context.path)/http-logs")
        }
    }

    func metricsTab(_ request: Request) async throws -> Response {
        try await render(request, .metrics) { context in
            try await MetricsCharts.render(
                request, metrics, serviceID: context.service.id, deploymentHash: context.deployment.hash,
                action: "\(context.path)/metrics")
        }
    }
}
