/// A page of HTTP logs with the cursors around it.
public struct HTTPLogPage: Sendable {
    public var logs: [HTTPLog]
    public var next: HTTPLogQuery.Cursor?
    public var previous: HTTPLogQuery.Cursor?

    public static let empty = HTTPLogPage(logs: [], next: nil, previous: nil)

    /// Reads `perPage` logs from the cursor, plus one to know whether more follow. A page reached from a
    /// cursor has a page before it; a page reached backwards has one after it.
    public static func read(_ repository: any HTTPLogRepository, _ query: HTTPLogQuery, perPage: Int) async throws
        -> HTTPLogPage
    {
        let fetched = try await repository.logs(matching: query, limit: perPage + 1)
        let backward = query.cursor?.forward == false
        var logs = Array(fetched.prefix(perPage))
        if backward { logs.reverse() }
        guard let first = logs.first, let last = logs.last else { return .empty }
        let moreAhead = backward || fetched.count > perPage
        let moreBehind = backward ? fetched.count > perPage : query.cursor != nil
        return HTTPLogPage(
            logs: logs,
            next: moreAhead ? HTTPLogQuery.Cursor(value: query.sortValue(of: last), id: last.id, forward: true) : nil,
            previous: moreBehind
                ? HTTPLogQuery.Cursor(value: query.sortValue(of: first), id: first.id, forward: false) : nil)
    }
}
