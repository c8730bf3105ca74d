import Foundation

/// Columns aligned with two spaces between them, headers in capitals, as `kubectl get` prints them.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: [String]) { self.headers = headers }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public var text: String {
        let all = [headers.map { $0.uppercased() }] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.prefix(headers.count).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            row.prefix(headers.count).enumerated().map { index, cell in
                index == headers.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingSuffix()
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingSuffix() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
