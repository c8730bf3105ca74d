import Foundation

/// Parses request bodies into `JSONValue`, refusing documents nested deeper than `maximumDepth`
/// before the decoder ever recurses into them.
public enum JSONBodyParser {
    public static let maximumDepth = 64

    /// Throws `DomainError.badRequest`-style parse errors whose detail starts with `JSON parse error - `.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        if nestingDepth(of: bytes) > maximumDepth {
            throw JSONParseError(reason: "Maximum nesting depth of \(maximumDepth) exceeded")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONParseError(reason: underlying ?? context.debugDescription)
        } catch {
            throw JSONParseError(reason: "The given data was not valid JSON.")
        }
    }

    /// Deepest nesting of arrays and objects, ignoring brackets inside strings.
    static func nestingDepth(of bytes: some Collection<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

/// A body that is not valid JSON.
public struct JSONParseError: Error, Equatable, Sendable {
    public let reason: String
    public var detail: String { "JSON parse error - \(reason)" }
}
