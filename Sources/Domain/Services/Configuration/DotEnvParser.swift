/// Reads a `.env` file with python-dotenv's grammar. `${NAME}` and `${NAME:-default}` expand only from
/// keys defined earlier in the same text, never from the server's own environment.
public enum DotEnvParser {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: String
    }

    /// Bounds on what a file may ask for: each value may reference earlier ones, so without them a few
    /// kilobytes of `A="${B}${B}"` lines would expand to terabytes.
    public struct Limits: Sendable {
        public var entries = EnvFileRequest.maximumVariables
        public var valueBytes = EnvVariable.maximumValueBytes
        public var totalBytes = 1 << 20

        public init() {}
    }

    /// The entries in order of first appearance; a later duplicate replaces the value of an earlier one.
    /// Stops with a `new_value` error as soon as a limit is passed, before any more is expanded.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(DomainError) -> [Entry] {
        var scanner = Scanner(Array(text), valueBytes: limits.valueBytes)
        var entries: [Entry] = []
        var values: [String: String] = [:]
        var totalBytes = 0
        while let (key, value) = try scanner.nextAssignment(expandingFrom: values) {
            if values[key] == nil { entries.append(Entry(key: key, value: value)) }
            guard entries.count <= limits.entries else {
                throw .invalid("new_value", "A `.env` import may hold at most \(limits.entries) variables.")
            }
            totalBytes += value.utf8.count
            guard totalBytes <= limits.totalBytes else {
                throw .invalid(
                    "new_value",
                    "The values of this `.env` file, once expanded, are longer than \(limits.totalBytes) bytes.")
            }
            values[key] = value
        }
        return entries.map { Entry(key: $0.key, value: values[$0.key] ?? $0.value) }
    }

    struct Scanner {
        let characters: [Character]
        let valueBytes: Int
        var index = 0

        init(_ characters: [Character], valueBytes: Int) {
            self.characters = characters
            self.valueBytes = valueBytes
        }

        var current: Character? { index < characters.count ? characters[index] : nil }

        mutating func nextAssignment(expandingFrom known: [String: String]) throws(DomainError) -> (String, String)? {
            while current != nil {
                skipBlanks()
                guard let character = current else { return nil }
                if character.isNewline {
                    index += 1
                    continue
                }
                if character == "#" {
                    skipLine()
                    continue
                }
                if let assignment = try assignment(known) { return assignment }
                skipLine()
            }
            return nil
        }

        /// One `[export ]KEY[=value]` line; nil (the line is skipped) when malformed.
        mutating func assignment(_ known: [String: String]) throws(DomainError) -> (String, String)? {
            if startsWith("export "), !startsWith("export =") {
                index += 7
                skipBlanks()
            }
            let key: String
            if current == "'" {
                guard let quoted = quoted("'") else { return nil }
                key = quoted
            } else {
                let start = index
                while let character = current, character != "=", character != "#", !character.isWhitespace {
                    index += 1
                }
                key = String(characters[start..<index])
            }
            guard !key.isEmpty else { return nil }
            skipBlanks()
            guard current == "=" else { return endOfLine() ? (key, "") : nil }
            index += 1
            skipBlanks()
            let value: String
            switch current {
            case "'":
                guard let quoted = quoted("'") else { return nil }
                value = quoted
            case "\"":
                guard let quoted = quoted("\"") else { return nil }
                value = try DotEnvParser.expand(DotEnvParser.unescape(quoted), known, of: key, maximumBytes: valueBytes)
            default:
                value = try DotEnvParser.expand(unquotedValue(), known, of: key, maximumBytes: valueBytes)
                guard value.utf8.count <= valueBytes else { throw DotEnvParser.tooLong(key, valueBytes) }
                return (key, value)
            }
            guard value.utf8.count <= valueBytes else { throw DotEnvParser.tooLong(key, valueBytes) }
            return endOfLine() ? (key, value) : nil
        }

        /// The text between two unescaped quotes, escapes kept; may span lines.
        mutating func quoted(_ quote: Character) -> String? {
            index += 1
            var text = ""
            while let character = current {
                index += 1
                if character == quote { return text }
                if character == "\\", let next = current, next == quote || next == "\\" {
                    text.append(character)
                    text.append(next)
                    index += 1
                    continue
                }
                text.append(character)
            }
            return nil
        }

        /// The rest of the line, without an inline comment (` #…`), trimmed.
        mutating func unquotedValue() -> String {
            let start = index
            while let character = current, !character.isNewline { index += 1 }
            var line = String(characters[start..<index])
            if let comment = line.firstRange(of: " #") ?? line.firstRange(of: "\t#") {
                line = String(line[..<comment.lowerBound])
            }
            return line.trimmingWhitespace()
        }

        /// Whether only blanks and a comment remain on the line.
        mutating func endOfLine() -> Bool {
            skipBlanks()
            if current == "#" { skipLine() }
            return current == nil || current!.isNewline
        }

        mutating func skipBlanks() {
            while let character = current, character.isWhitespace, !character.isNewline { index += 1 }
        }

        mutating func skipLine() {
            while let character = current, !character.isNewline { index += 1 }
        }

        func startsWith(_ prefix: String) -> Bool {
            let prefix = Array(prefix)
            return index + prefix.count <= characters.count && Array(characters[index..<index + prefix.count]) == prefix
        }
    }

    /// Double-quoted escapes: `\n \t \r \" \' \\` and the rarer `\a \b \f \v`; others stay as written.
    static func unescape(_ text: String) -> String {
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else {
                result.append(character)
                continue
            }
            switch next {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "a": result.append("\u{07}")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "v": result.append("\u{0B}")
            case "\"", "'", "\\": result.append(next)
            default:
                result.append(character)
                result.append(next)
            }
        }
        return result
    }

    static func tooLong(_ key: String, _ maximumBytes: Int) -> DomainError {
        .invalid("new_value", "The value of `\(key)`, once expanded, is longer than \(maximumBytes) bytes.")
    }

    /// Replaces `${NAME}` and `${NAME:-default}` with earlier values of the same file (or the default, or
    /// nothing); throws as soon as the result passes `maximumBytes`.
    static func expand(_ text: String, _ known: [String: String], of key: String, maximumBytes: Int) throws(DomainError)
        -> String
    {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            guard result.utf8.count <= maximumBytes else { throw tooLong(key, maximumBytes) }
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            result += rest[..<start.lowerBound]
            let body = rest[start.upperBound..<end]
            if let separator = body.firstRange(of: ":-") {
                let name = String(body[..<separator.lowerBound])
                result += known[name] ?? String(body[separator.upperBound...])
            } else if !body.contains(":") {
                result += known[String(body)] ?? ""
            } else {
                result += rest[start.lowerBound...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
