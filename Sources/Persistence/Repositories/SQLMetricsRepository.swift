import Domain
import FluentKit
import SQLKit

/// Metric samples in the database.
public struct SQLMetricsRepository: MetricsRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func append(_ samples: [MetricSample]) async throws {
        guard !samples.isEmpty else { return }
        let insert = database.sql.insert(into: "service_metrics").columns(Self.columns)
        for sample in samples {
            insert.values([
                SQLBind(sample.serviceID), SQLBind(sample.deploymentHash),
                SQLBind(sample.time.microseconds / 1_000_000), SQLBind(Int64(0)),
                SQLBind(Int64(1)), SQLBind(sample.cpuPercent), SQLBind(Double(sample.memoryBytes)),
                SQLBind(sample.networkReceivedBytes),
                SQLBind(sample.networkSentBytes), SQLBind(sample.diskReadBytes), SQLBind(sample.diskWrittenBytes),
            ])
        }
        try await insert.run()
    }

    public func buckets(serviceID: String, deploymentHash: String?, since: Timestamp, width: Int64) async throws
        -> [MetricBucket]
    {
        let bucket = Self.bucketStart(width: width)
        var filter: SQLQueryString =
            "service_id = \(bind: serviceID) AND time >= \(bind: since.microseconds / 1_000_000)"
        if let deploymentHash { filter = filter + " AND deployment_hash = \(bind: deploymentHash)" }
        let query: SQLQueryString = """
            SELECT \(unsafeRaw: bucket) AS bucket, SUM(cpu_sum) / \(unsafeRaw: Self.real("SUM(samples)")) AS cpu,
            SUM(memory_sum) / \(unsafeRaw: Self.real("SUM(samples)")) AS memory, \(unsafeRaw: Self.integer("SUM(net_tx)")) AS net_tx,
            \(unsafeRaw: Self.integer("SUM(net_rx)")) AS net_rx, \(unsafeRaw: Self.integer("SUM(disk_read)")) AS disk_read,
            \(unsafeRaw: Self.integer("SUM(disk_write)")) AS disk_write
            FROM service_metrics WHERE \(filter) GROUP BY \(unsafeRaw: bucket) ORDER BY bucket
            """
        return try await database.sql.raw(query).all().map { row in
            MetricBucket(
                start: Timestamp(microseconds: try row.decode(column: "bucket", as: Int64.self) * 1_000_000),
                averageCPU: try row.decode(column: "cpu", as: Double.self),
                averageMemory: try row.decode(column: "memory", as: Double.self),
                totalNetworkSent: try row.decode(column: "net_tx", as: Int64.self),
                totalNetworkReceived: try row.decode(column: "net_rx", as: Int64.self),
                totalDiskRead: try row.decode(column: "disk_read", as: Int64.self),
                totalDiskWritten: try row.decode(column: "disk_write", as: Int64.self))
        }
    }

    public func compact(before cutoff: Timestamp, width: Int64) async throws {
        let end = MetricBuckets.start(of: cutoff.microseconds / 1_000_000, width: width)
        let bucket = Self.bucketStart(width: width)
        try await database.writeTransaction { db in
            try await db.sql.raw(
                """
                INSERT INTO service_metrics (\(unsafeRaw: Self.columns.joined(separator: ", ")))
                SELECT service_id, deployment_hash, \(unsafeRaw: bucket), \(literal: Int(width)), SUM(samples), SUM(cpu_sum), SUM(memory_sum),
                SUM(net_rx), SUM(net_tx), SUM(disk_read), SUM(disk_write)
                FROM service_metrics WHERE width < \(literal: Int(width)) AND time < \(bind: end)
                GROUP BY service_id, deployment_hash, \(unsafeRaw: bucket)
                """
            ).run()
            try await db.sql.delete(from: "service_metrics").where("width", .lessThan, SQLBind(width)).where(
                "time", .lessThan, SQLBind(end)
            ).run()
        }
    }

    public func deleteSamples(olderThan cutoff: Timestamp) async throws {
        try await database.sql.delete(from: "service_metrics").where(
            "time", .lessThan, SQLBind(cutoff.microseconds / 1_000_000)
        ).run()
    }

    static let columns = [
        "service_id", "deployment_hash", "time", "width", "samples", "cpu_sum", "memory_sum", "net_rx", "net_tx",
        "disk_read", "disk_write",
    ]

    /// PostgreSQL sums integers as `numeric`, which the driver does not read as integers or doubles.
    static func integer(_ expression: String) -> String { "CAST(\(expression) AS BIGINT)" }
    static func real(_ expression: String) -> String { "CAST(\(expression) AS DOUBLE PRECISION)" }

    /// Written out rather than bound: PostgreSQL matches a grouped expression to its selected twin only
    /// when both are the same text, which two parameters are not.
    static func bucketStart(width: Int64) -> String {
        "(\(MetricBuckets.originSeconds) + (time - \(MetricBuckets.originSeconds)) / \(width) * \(width))"
    }
}
