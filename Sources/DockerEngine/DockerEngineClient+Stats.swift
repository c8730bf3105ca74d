import Foundation

/// A container's resource use (`GET /containers/{id}/stats`), reduced to what the metrics store keeps.
extension DockerEngineClient {
    public struct ContainerUsage: Sendable, Equatable {
        /// 100 is one full core.
        public var cpuPercent: Double
        /// In use, page cache that can be reclaimed left out (as `docker stats` shows it).
        public var memoryBytes: Int64
        public var networkReceivedBytes: Int64
        public var networkSentBytes: Int64
        public var diskReadBytes: Int64
        public var diskWrittenBytes: Int64
    }

    /// One reading (this document's keys are snake-case, unlike the rest of the API).
    /// The engine compares two CPU readings about a second apart, so this takes that long.
    public func usage(ofContainer id: String) async throws -> ContainerUsage {
        let path = "/containers/\(try Self.pathSafe(id))/stats"
        let reply = try await send(.GET, path, query: [("stream", "false")])
        guard reply.isSuccess else {
            throw DockerEngineError.unexpectedStatus(reply.status.code, reply.message, path: path)
        }
        return try StatsDocument.decoder.decode(StatsDocument.self, from: Data(reply.body.readableBytesView)).usage
    }

    struct StatsDocument: Decodable {
        struct CPU: Decodable {
            struct Usage: Decodable { var totalUsage: Int64? }
            var cpuUsage: Usage?
            var systemCpuUsage: Int64?
            var onlineCpus: Int?
        }
        struct Memory: Decodable {
            var usage: Int64?
            var stats: [String: Int64]?
        }
        struct Network: Decodable {
            var rxBytes: Int64?
            var txBytes: Int64?
        }
        struct BlockIO: Decodable {
            struct Entry: Decodable {
                var op: String?
                var value: Int64?
            }
            var ioServiceBytesRecursive: [Entry]?
        }
        var cpuStats: CPU?
        var precpuStats: CPU?
        var memoryStats: Memory?
        var networks: [String: Network]?
        var blkioStats: BlockIO?

        var usage: ContainerUsage {
            var cpu = 0.0
            if let now = cpuStats, let before = precpuStats, let total = now.cpuUsage?.totalUsage,
                let system = now.systemCpuUsage
            {
                let cpuDelta = Double(total - (before.cpuUsage?.totalUsage ?? 0))
                let systemDelta = Double(system - (before.systemCpuUsage ?? 0))
                if cpuDelta > 0, systemDelta > 0 { cpu = cpuDelta / systemDelta * Double(now.onlineCpus ?? 1) * 100 }
            }
            // cgroup v1 reports `total_inactive_file` (and a local `inactive_file`), v2 `inactive_file` alone; the
            // snake-case strategy may have converted the keys.
            let memoryDetail = memoryStats?.stats ?? [:]
            let reclaimable =
                ["total_inactive_file", "totalInactiveFile", "inactive_file", "inactiveFile"].lazy.compactMap {
                    memoryDetail[$0]
                }.first ?? 0
            let memory = max(0, (memoryStats?.usage ?? 0) - reclaimable)
            let interfaces = networks?.values.map { $0 } ?? []
            let entries = blkioStats?.ioServiceBytesRecursive ?? []
            func disk(_ op: String) -> Int64 {
                entries.filter { $0.op?.lowercased() == op }.reduce(0) { $0 + ($1.value ?? 0) }
            }
            return ContainerUsage(
                cpuPercent: cpu, memoryBytes: memory,
                networkReceivedBytes: interfaces.reduce(0) { $0 + ($1.rxBytes ?? 0) },
                networkSentBytes: interfaces.reduce(0) { $0 + ($1.txBytes ?? 0) }, diskReadBytes: disk("read"),
                diskWrittenBytes: disk("write"))
        }

        static let decoder: JSONDecoder = {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return decoder
        }()
    }
}
