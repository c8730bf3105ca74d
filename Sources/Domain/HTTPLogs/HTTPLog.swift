/// One request that went through a service URL on the proxy (`api.md` §11).
public struct HTTPLog: Sendable, Equatable {
    public static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]
    public static let protocols: Set<String> = ["HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"]

    public var id: String
    public var time: Timestamp
    public var serviceID: String?
    public var deploymentID: String?
    public var requestUUID: String?
    public var status: Int
    public var method: String
    public var requestProtocol: String
    public var host: String
    public var path: String
    public var query: String
    public var ip: String
    public var userAgent: String?
    public var durationNanoseconds: Int64
    /// Header name → values, as the proxy logged them (credentials already redacted by it).
    public var requestHeaders: JSONValue
    public var responseHeaders: JSONValue

    public init(
        id: String, time: Timestamp, serviceID: String?, deploymentID: String?, requestUUID: String?, status: Int,
        method: String,
        requestProtocol: String, host: String, path: String, query: String, ip: String, userAgent: String?,
        durationNanoseconds: Int64,
        requestHeaders: JSONValue, responseHeaders: JSONValue
    ) {
        self.id = id
        self.time = time
        self.serviceID = serviceID
        self.deploymentID = deploymentID
        self.requestUUID = requestUUID
        self.status = status
        self.method = method
        self.requestProtocol = requestProtocol
        self.host = host
        self.path = path
        self.query = query
        self.ip = ip
        self.userAgent = userAgent
        self.durationNanoseconds = durationNanoseconds
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
    }
}

/// Storage of HTTP logs.
public protocol HTTPLogRepository: Sendable {
    /// Stores the logs; one whose `request_uuid` is already stored is skipped (a re-read after a restart).
    func insert(_ logs: [HTTPLog]) async throws
    /// One page in the query's order, starting after its cursor; `limit` rows at most.
    func logs(matching query: HTTPLogQuery, limit: Int) async throws -> [HTTPLog]
    func log(requestUUID: String) async throws -> HTTPLog?
    /// Distinct values of `field` starting with `prefix` (sorted, `limit` at most), for one service or deployment.
    func values(of field: HTTPLogQuery.TextField, prefix: String, serviceID: String?, deploymentID: String?, limit: Int)
        async throws
        -> [String]
    /// Whether the service and the deployment given (at least one) belong to projects of the workspace.
    func isVisible(serviceID: String?, deploymentID: String?, workspaceID: String) async throws -> Bool
    /// Deletes the logs older than `time`; returns how many went.
    @discardableResult
    func deleteLogs(before time: Timestamp) async throws -> Int
}
