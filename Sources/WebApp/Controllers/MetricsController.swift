import Domain
import Vapor

/// Resource use of a service, or of one of its deployments, over a time range (`api.md` §12).
struct MetricsController {
    let services: ServicesController
    let deployments: Deployments
    let metrics: any MetricsRepository

    func serviceMetrics(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        return try await answer(request, serviceID: service.id, deploymentHash: nil)
    }

    func deploymentMetrics(_ request: Request) async throws -> Response {
        let (service, _) = try await services.find(request)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        return try await answer(request, serviceID: service.id, deploymentHash: deployment.hash)
    }

    func answer(_ request: Request, serviceID: String, deploymentHash: String?) async throws -> Response {
        let range = try Self.timeRange(request.query[String.self, at: "time_range"])
        let buckets = try await Self.buckets(
            metrics, serviceID: serviceID, deploymentHash: deploymentHash, range: range)
        return JSONResponse.make(buckets.map(MetricBucketDTO.init))
    }

    static func buckets(
        _ metrics: any MetricsRepository, serviceID: String, deploymentHash: String?, range: MetricsTimeRange
    ) async throws -> [MetricBucket] {
        // The window starts with a whole bucket, so merging older samples into wider rows never changes an answer.
        let start = MetricBuckets.start(
            of: Timestamp.now().microseconds / 1_000_000 - range.seconds, width: range.bucketSeconds)
        return try await metrics.buckets(
            serviceID: serviceID, deploymentHash: deploymentHash, since: Timestamp(microseconds: start * 1_000_000),
            width: range.bucketSeconds)
    }

    static func timeRange(_ text: String?) throws(DomainError) -> MetricsTimeRange {
        guard let text, !text.isEmpty else { return .lastHour }
        guard let range = MetricsTimeRange(rawValue: text) else {
            throw .validation([
                FieldError(code: "invalid_choice", detail: "\"\(text)\" is not a valid choice.", attr: "time_range")
            ])
        }
        return range
    }
}
