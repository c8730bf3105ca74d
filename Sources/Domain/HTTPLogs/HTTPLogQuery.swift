import Foundation

/// The filters, order and cursor of `GET /api/http-logs` (`api.md` §11.1).
public struct HTTPLogQuery: Sendable, Equatable {
    public enum TextField: String, Sendable, CaseIterable {
        case host = "request_host"
        case path = "request_path"
        case ip = "request_ip"
        case userAgent = "request_user_agent"
    }

    public enum SortKey: String, Sendable {
        case time
        case duration = "request_duration_ns"
    }

    /// `NNN` exactly, or a class `Nxx`.
    public enum StatusFilter: Sendable, Equatable {
        case exact(Int)
        case range(ClosedRange<Int>)
    }

    public var serviceID: String?
    public var deploymentID: String?
    public var timeAfter: Timestamp?
    public var timeBefore: Timestamp?
    public var methods: [String] = []
    public var statuses: [StatusFilter] = []
    public var text: [TextField: [String]] = [:]
    public var queryPrefix: String?
    public var sortKey: SortKey = .time
    public var descending = true
    public var cursor: Cursor?

    public init() {}

    /// Where a page starts: after the row with this sort value and id, going `forward` in the query's
    /// order or backward (a previous page).
    public struct Cursor: Sendable, Equatable {
        public var value: Int64
        public var id: String
        public var forward: Bool

        public init(value: Int64, id: String, forward: Bool) {
            self.value = value
            self.id = id
            self.forward = forward
        }

        public init?(text: String) {
            guard let data = Data(base64Encoded: text), let json = try? JSONBodyParser.parse(Array(data)),
                let value = json["v"]?.string.flatMap({ Int64($0) }), let id = json["id"]?.string,
                let direction = json["d"]?.string,
                direction == "next" || direction == "prev", id.count <= 64
            else { return nil }
            self.init(value: value, id: id, forward: direction == "next")
        }

        public var text: String {
            let json: JSONValue = ["v": .string(String(value)), "id": .string(id), "d": forward ? "next" : "prev"]
            return Data(json.jsonText.utf8).base64EncodedString()
        }
    }

    /// The sort value of a log for this query's key.
    public func sortValue(of log: HTTPLog) -> Int64 {
        sortKey == .time ? log.time.microseconds : log.durationNanoseconds
    }
}
