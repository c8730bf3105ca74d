import Domain
import NIOCore

/// JSON indented for reading, keys sorted.
enum PrettyJSON {
    /// What the API would answer, indented.
    static func text(_ value: (some JSONWritable)?) -> String {
        guard let value else { return "null" }
        return (try? JSONBodyParser.parse(JSONResponse.body(value).readableBytesView)).map { text($0) } ?? "null"
    }

    static func text(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .object(let object) where !object.isEmpty:
            let fields = object.keys.sorted().map { key in
                "\(inner)\(scalar(.string(key))): \(text(object[key]!, indent: inner))"
            }
            return "{\n\(fields.joined(separator: ",\n"))\n\(indent)}"
        case .array(let items) where !items.isEmpty:
            return "[\n\(items.map { inner + text($0, indent: inner) }.joined(separator: ",\n"))\n\(indent)]"
        default:
            return scalar(value)
        }
    }

    static func scalar(_ value: JSONValue) -> String { String(buffer: JSONResponse.body(value)) }
}
