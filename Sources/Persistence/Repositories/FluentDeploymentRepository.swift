import Domain
import FluentKit
import SQLKit

/// Deployments in the database, read as SQLKit rows.
public struct FluentDeploymentRepository: DeploymentRepository {
    let database: any Database
    let sealer: any SecretSealer

    public init(database: any Database, sealer: any SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    static let columns = [
        "hash", "service_id", "status", "status_reason", "is_current_production", "slot", "queued_at", "started_at",
        "finished_at",
        "trigger_method", "commit_message", "redeploy_hash", "service_snapshot", "changes", "cancel_requested",
        "commit_sha", "commit_author_name", "ignore_build_cache", "build_started_at", "build_finished_at",
    ]

    public func create(_ deployment: Deployment) async throws {
        var values = try mutableValues(deployment)
        values["hash"] = deployment.hash
        values["service_id"] = deployment.serviceID
        values["queued_at"] = deployment.queuedAt.microseconds
        values["trigger_method"] = deployment.trigger.rawValue
        values["redeploy_hash"] = deployment.redeployHash
        values["ignore_build_cache"] = deployment.ignoreBuildCache
        values["service_snapshot"] = try sealer.seal((deployment.snapshot?.stored ?? .null).jsonText)
        values["changes"] = try sealer.seal(JSONValue.array(deployment.changes.map(Self.json)).jsonText)
        let columns = Array(values.keys)
        try await database.sql.insert(into: "deployments").columns(columns).values(columns.map { SQLBind(values[$0]!) })
            .run()
    }

    public func update(_ deployment: Deployment) async throws {
        var values = try mutableValues(deployment)
        values["cancel_requested"] = nil
        let query = database.sql.update("deployments").where("hash", .equal, SQLBind(deployment.hash))
        for (column, value) in values { query.set(SQLIdentifier(column), to: SQLBind(value)) }
        try await query.run()
    }

    public func setStatus(_ status: Deployment.Status, reason: String?, hash: String, by writer: StatusWriter)
        async throws -> Bool
    {
        let sources = Deployment.Status.sources(of: status, by: writer).map { SQLBind($0.rawValue) }
        guard !sources.isEmpty else { return false }
        let changed = try await database.sql.raw(
            """
            UPDATE \(ident: "deployments") SET \(ident: "status") = \(bind: status.rawValue), \(ident: "status_reason") = \(bind: reason)
            WHERE \(ident: "hash") = \(bind: hash) AND \(ident: "status") IN (\(SQLKit.SQLList(sources)))
              AND (\(ident: "status") <> \(bind: Deployment.Status.failed.rawValue) OR \(ident: "is_current_production") = \(bind: true))
            RETURNING \(ident: "hash")
            """
        ).all()
        return !changed.isEmpty
    }

    public func requestCancel(hash: String) async throws {
        try await database.sql.update("deployments").set("cancel_requested", to: SQLBind(true)).where(
            "hash", .equal, SQLBind(hash)
        ).run()
    }

    /// The columns a pipeline changes, and the cancel request.
    func mutableValues(_ deployment: Deployment) throws -> [String: any Encodable & Sendable] {
        [
            "status": deployment.status.rawValue, "status_reason": deployment.statusReason,
            "is_current_production": deployment.isCurrentProduction, "slot": deployment.slot.rawValue,
            "started_at": deployment.startedAt?.microseconds, "finished_at": deployment.finishedAt?.microseconds,
            "cancel_requested": deployment.cancelRequested,
            "commit_message": deployment.commitMessage, "commit_sha": deployment.commitSHA,
            "commit_author_name": deployment.commitAuthorName,
            "build_started_at": deployment.buildStartedAt?.microseconds,
            "build_finished_at": deployment.buildFinishedAt?.microseconds,
        ]
    }

    public func deployment(hash: String, serviceID: String) async throws -> Deployment? {
        try await select { $0.where("hash", .equal, SQLBind(hash)).where("service_id", .equal, SQLBind(serviceID)) }
            .first
    }

    public func serviceID(ofDeployment hash: String) async throws -> String? {
        try await database.sql.select().column("service_id").from("deployments").where("hash", .equal, SQLBind(hash))
            .first()?
            .decode(column: "service_id", as: String.self)
    }

    public func deployments(serviceID: String) async throws -> [Deployment] {
        try await select { $0.where("service_id", .equal, SQLBind(serviceID)).orderBy("queued_at", .descending) }
    }

    public func deployments(statuses: Set<Deployment.Status>) async throws -> [Deployment] {
        try await select { $0.where("status", in: statuses.map(\.rawValue)).orderBy("queued_at") }
    }

    public func production(serviceID: String) async throws -> Deployment? {
        try await select {
            $0.where("service_id", .equal, SQLBind(serviceID)).where("is_current_production", .equal, SQLBind(true))
        }.first
    }

    public func latestStatuses(serviceIDs: [String]) async throws -> [String: LatestDeployment] {
        guard !serviceIDs.isEmpty else { return [:] }
        let rows = try await database.sql.select().columns("service_id", "status", "queued_at", "commit_message")
            .from("deployments")
            .where("service_id", in: serviceIDs)
            .where(
                SQLIdentifier("status"), .notIn,
                SQLBind.group([Deployment.Status.cancelled.rawValue, Deployment.Status.cancelling.rawValue])
            )
            .all()
        var latest: [String: LatestDeployment] = [:]
        for row in rows {
            guard let status = Deployment.Status(rawValue: try row.decode(column: "status", as: String.self)) else {
                continue
            }
            let serviceID = try row.decode(column: "service_id", as: String.self)
            let queuedAt = Timestamp(microseconds: try row.decode(column: "queued_at", as: Int64.self))
            if latest[serviceID].map({ $0.queuedAt < queuedAt }) ?? true {
                latest[serviceID] = (status, queuedAt, try row.decode(column: "commit_message", as: String.self))
            }
        }
        return latest
    }

    func select(_ filter: (SQLSelectBuilder) -> Void) async throws -> [Deployment] {
        let query = database.sql.select().columns(Self.columns).from("deployments")
        filter(query)
        return try await query.all().compactMap(deployment(from:))
    }

    func deployment(from row: any SQLRow) throws -> Deployment? {
        guard let status = Deployment.Status(rawValue: try row.decode(column: "status", as: String.self)),
            let slot = Deployment.Slot(rawValue: try row.decode(column: "slot", as: String.self)),
            let trigger = Deployment.Trigger(rawValue: try row.decode(column: "trigger_method", as: String.self))
        else { return nil }
        let snapshot = DeploymentSnapshot(
            stored: try JSONBodyParser.parse(
                Array(try sealer.open(try row.decode(column: "service_snapshot", as: String.self)).utf8)))
        let changes = try JSONBodyParser.parse(
            Array(try sealer.open(try row.decode(column: "changes", as: String.self)).utf8))
        var deployment = Deployment(
            hash: try row.decode(column: "hash", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self),
            slot: slot, trigger: trigger, commitMessage: try row.decode(column: "commit_message", as: String.self),
            redeployHash: try row.decode(column: "redeploy_hash", as: String?.self), snapshot: snapshot,
            changes: Self.changes(from: changes),
            queuedAt: Timestamp(microseconds: try row.decode(column: "queued_at", as: Int64.self)),
            storedStatus: status)
        deployment.statusReason = try row.decode(column: "status_reason", as: String?.self)
        deployment.isCurrentProduction = try row.decode(column: "is_current_production", as: Bool.self)
        deployment.startedAt = try row.decode(column: "started_at", as: Int64?.self).map(Timestamp.init(microseconds:))
        deployment.finishedAt = try row.decode(column: "finished_at", as: Int64?.self).map(
            Timestamp.init(microseconds:))
        deployment.cancelRequested = try row.decode(column: "cancel_requested", as: Bool.self)
        deployment.commitSHA = try row.decode(column: "commit_sha", as: String?.self)
        deployment.commitAuthorName = try row.decode(column: "commit_author_name", as: String?.self)
        deployment.ignoreBuildCache = try row.decode(column: "ignore_build_cache", as: Bool?.self) ?? false
        deployment.buildStartedAt = try row.decode(column: "build_started_at", as: Int64?.self).map(
            Timestamp.init(microseconds:))
        deployment.buildFinishedAt = try row.decode(column: "build_finished_at", as: Int64?.self).map(
            Timestamp.init(microseconds:))
        return deployment
    }

    static func json(_ change: ServiceChange) -> JSONValue {
        .object([
            "id": .string(change.id), "service_id": .string(change.serviceID), "field": .string(change.field.rawValue),
            "type": .string(change.kind.rawValue), "item_id": change.itemID.map(JSONValue.string) ?? .null,
            "new_value": change.newValue ?? .null, "old_value": change.oldValue ?? .null,
            "created_at": .int(change.createdAt.microseconds),
        ])
    }

    static func changes(from value: JSONValue) -> [ServiceChange] {
        guard case .array(let items) = value else { return [] }
        return items.compactMap { item in
            guard let id = item["id"]?.string, let serviceID = item["service_id"]?.string,
                let field = item["field"]?.string.flatMap(ServiceChange.Field.init(rawValue:)),
                let kind = item["type"]?.string.flatMap(ServiceChange.Kind.init(rawValue:))
            else { return nil }
            return ServiceChange(
                id: id, serviceID: serviceID, field: field, kind: kind, itemID: item["item_id"]?.string,
                newValue: item["new_value"].flatMap { $0 == .null ? nil : $0 },
                oldValue: item["old_value"].flatMap { $0 == .null ? nil : $0 },
                createdAt: Timestamp(microseconds: Int64(item["created_at"]?.int ?? 0)))
        }
    }
}
