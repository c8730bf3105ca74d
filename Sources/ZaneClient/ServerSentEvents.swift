/// A Server-Sent Events decoder: feed it text as it arrives, get back the events it completes.
public struct ServerSentEvents: Sendable {
    public struct Event: Equatable, Sendable {
        public var name: String
        public var data: String
        public var id: String?
    }

    var pending = ""
    var name = ""
    var data: [String] = []
    var id: String?

    public init() {}

    public mutating func feed(_ text: String) -> [Event] {
        pending += text
        var events: [Event] = []
        while let newline = pending.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.isEmpty {
                if !data.isEmpty || !name.isEmpty {
                    events.append(
                        Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"), id: id))
                }
                (name, data) = ("", [])
                continue
            }
            if line.hasPrefix(":") { continue }
            let (field, value) = Self.split(line)
            switch field {
            case "event": name = value
            case "data": data.append(value)
            case "id": id = value
            default: break
            }
        }
        return events
    }

    static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
