import Domain
import Foundation
import Vapor

/// A deployment's logs (`api.md` §10): what its containers printed, and what its pipeline wrote; newest
/// first, a page at a time.
struct DeploymentLogsController {
    let services: ServicesController
    let deployments: Deployments
    let logs: any DeploymentLogRepository
    /// Live streams re-check their session or token with these.
    let auth: AuthService
    let tokens: APITokens
    let streamSlots: StreamSlots
    /// A live stream ends within this long of the logout (or password change) that ended its session.
    let streamSessionCheckSeconds: Double

    /// Searches look at the last 14 days unless a cursor or bounds say otherwise.
    static let searchWindowNanoseconds: Int64 = 14 * 86_400 * 1_000_000_000

    /// `SERVICE` lines, with the level, text and time filters of §10.1.
    func runtimeLogs(_ request: Request) async throws -> Response {
        var filter = try Self.runtimeFilter(request)
        if filter.after == nil, request.query[String.self, at: "cursor"] == nil {
            filter.after = Timestamp.now().nanoseconds - Self.searchWindowNanoseconds
        }
        return try await page(request, filter)
    }

    /// The level, text and time filters of §10.1 (the time bounds in nanoseconds).
    static func runtimeFilter(_ request: Request) throws(DomainError) -> LogFilter {
        var filter = LogFilter(sources: [.service])
        var errors: [FieldError] = []
        let items = HTTPLogsController.queryItems(request)
        let levels = items.filter { $0.name == "level" && !$0.value.isEmpty }.map(\.value)
        for level in levels where DeploymentLogLine.Level(rawValue: level) == nil {
            errors.append(
                FieldError(
                    code: "invalid_choice",
                    detail: "Select a valid choice. \(level) is not one of the available choices.", attr: "level"))
        }
        if !levels.isEmpty { filter.levels = Set(levels.compactMap(DeploymentLogLine.Level.init)) }
        for (name, keyPath) in [("time_after", \LogFilter.after), ("time_before", \LogFilter.before)] {
            guard let text = items.last(where: { $0.name == name })?.value, !text.isEmpty else { continue }
            if let time = Timestamp(iso8601: text) {
                filter[keyPath: keyPath] = time.nanoseconds
            } else {
                errors.append(FieldError(code: "invalid", detail: "Enter a valid date/time.", attr: name))
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
        let text = items.last { $0.name == "query" }?.value ?? ""
        filter.text = text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : text
        return filter
    }

    /// `SERVICE` lines around a moment given in nanoseconds (§10.2).
    func runtimeLogsWithContext(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        guard let timestamp = request.parameters.get("time").flatMap(Self.digits) else {
            throw APIError.notFound
        }
        var count = 20
        if let text = request.query[String.self, at: "lines"], !text.isEmpty {
            guard let number = Int(text) else {
                throw DomainError.invalid("lines", "A valid integer is required.", code: "invalid")
            }
            guard number >= 5 else {
                throw DomainError.invalid(
                    "lines", "Ensure this value is greater than or equal to 5.", code: "min_value")
            }
            count = min(number, 1000)
        }
        let (service, _) = try await services.find(request)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        let context = try await DeploymentLogContext.read(
            logs, deploymentHash: deployment.hash, filter: LogFilter(sources: [.service]), around: timestamp,
            count: count)
        return JSONResponse.make(
            DeploymentLogContextDTO(context: context, queryTimeMilliseconds: Self.milliseconds(since: started)))
    }

    /// The pipeline's lines (`SYSTEM`, and `BUILD` for git services).
    func buildLogs(_ request: Request) async throws -> Response {
        try await page(request, LogFilter(sources: [.system, .build]))
    }

    func page(_ request: Request, _ filter: LogFilter) async throws -> Response {
        let started = ContinuousClock.now
        let (service, _) = try await services.find(request)
        let deployment = try await deployments.deployment(request.parameter("deployment_hash"), of: service)
        let perPage = request.query[String.self, at: "per_page"].flatMap { Int($0) }.map { min(max($0, 1), 100) } ?? 50
        let cursor = try request.query[String.self, at: "cursor"].map { text throws(DomainError) in
            try LogCursor(text: text)
        }
        let page = try await DeploymentLogPage.read(
            logs, deploymentHash: deployment.hash, filter: filter, cursor: cursor, limit: perPage)
        return JSONResponse.make(
            DeploymentLogPageDTO(page: page, queryTimeMilliseconds: Self.milliseconds(since: started)))
    }

    /// A number written in digits only (`Int64(_:)` alone also takes a sign).
    static func digits(_ text: String) -> Int64? {
        text.utf8.allSatisfy { (48...57).contains($0) } ? Int64(text) : nil
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
