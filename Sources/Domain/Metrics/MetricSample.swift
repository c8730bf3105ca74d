/// One reading of a deployment's container (`deploy.md` §8.2).
public struct MetricSample: Sendable, Equatable {
    public var serviceID: String
    public var deploymentHash: String
    public var time: Timestamp
    /// 100 is one full core.
    public var cpuPercent: Double
    public var memoryBytes: Int64
    /// Cumulative counters since the container started.
    public var networkReceivedBytes: Int64
    public var networkSentBytes: Int64
    public var diskReadBytes: Int64
    public var diskWrittenBytes: Int64

    public init(
        serviceID: String, deploymentHash: String, time: Timestamp, cpuPercent: Double, memoryBytes: Int64,
        networkReceivedBytes: Int64,
        networkSentBytes: Int64, diskReadBytes: Int64, diskWrittenBytes: Int64
    ) {
        self.serviceID = serviceID
        self.deploymentHash = deploymentHash
        self.time = time
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
        self.networkReceivedBytes = networkReceivedBytes
        self.networkSentBytes = networkSentBytes
        self.diskReadBytes = diskReadBytes
        self.diskWrittenBytes = diskWrittenBytes
    }
}

/// The samples of one bucket (`api.md` §12): means of CPU and memory, sums of the cumulative counters.
public struct MetricBucket: Sendable, Equatable {
    public var start: Timestamp
    public var averageCPU: Double
    public var averageMemory: Double
    public var totalNetworkSent: Int64
    public var totalNetworkReceived: Int64
    public var totalDiskRead: Int64
    public var totalDiskWritten: Int64

    public init(
        start: Timestamp, averageCPU: Double, averageMemory: Double, totalNetworkSent: Int64,
        totalNetworkReceived: Int64, totalDiskRead: Int64,
        totalDiskWritten: Int64
    ) {
        self.start = start
        self.averageCPU = averageCPU
        self.averageMemory = averageMemory
        self.totalNetworkSent = totalNetworkSent
        self.totalNetworkReceived = totalNetworkReceived
        self.totalDiskRead = totalDiskRead
        self.totalDiskWritten = totalDiskWritten
    }
}

/// How far back a metrics query looks, and the width of its buckets.
public enum MetricsTimeRange: String, Sendable, CaseIterable {
    case lastHour = "LAST_HOUR"
    case lastSixHours = "LAST_6HOURS"
    case lastDay = "LAST_DAY"
    case lastWeek = "LAST_WEEK"
    case lastMonth = "LAST_MONTH"

    public var seconds: Int64 {
        switch self {
        case .lastHour: 3600
        case .lastSixHours: 6 * 3600
        case .lastDay: 86_400
        case .lastWeek: 7 * 86_400
        case .lastMonth: 30 * 86_400
        }
    }

    public var bucketSeconds: Int64 {
        switch self {
        case .lastHour: 30
        case .lastSixHours: 300
        case .lastDay: 900
        case .lastWeek: 3600
        case .lastMonth: 86_400
        }
    }
}

/// Buckets are aligned on 2000-01-01T00:00:00Z, in seconds since the Unix epoch.
public enum MetricBuckets {
    public static let originSeconds: Int64 = 946_684_800

    /// Samples older than a range are only read in that range's longer successors, so once a range has
    /// passed they can be merged into the next range's buckets without changing any answer.
    public static let compaction: [(olderThanSeconds: Int64, bucketSeconds: Int64)] = zip(
        MetricsTimeRange.allCases, MetricsTimeRange.allCases.dropFirst()
    ).map { ($0.seconds, $1.bucketSeconds) }

    /// The start of the bucket holding `seconds`.
    public static func start(of seconds: Int64, width: Int64) -> Int64 {
        originSeconds + (seconds - originSeconds) / width * width
    }
}

/// Storage of metric samples. Rows may hold several samples merged (their sums and count), so every
/// answer stays exact after compaction.
public protocol MetricsRepository: Sendable {
    func append(_ samples: [MetricSample]) async throws
    /// Buckets of `width` seconds from `since` on, oldest first; a deployment's alone, or the whole service's.
    func buckets(serviceID: String, deploymentHash: String?, since: Timestamp, width: Int64) async throws
        -> [MetricBucket]
    /// Merges rows narrower than `width` that lie wholly before `cutoff` into rows of one bucket each.
    func compact(before cutoff: Timestamp, width: Int64) async throws
    func deleteSamples(olderThan cutoff: Timestamp) async throws
}
