import Foundation

/// Markup built by string interpolation: every interpolated value is escaped unless it is markup itself, so
/// no user value (a slug, an image name, an error message) can inject a tag or leave an attribute.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var text: String

    init(stringLiteral value: String) { text = value }
    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    private init(trusted text: String) { self.text = text }

    var description: String { text }

    static let empty = HTML(trusted: "")

    /// Markup this process rendered earlier (a cached page): already escaped where it had to be.
    static func rendered(_ text: String) -> HTML { HTML(trusted: text) }

    /// Joins fragments without anything between them.
    static func join(_ parts: [HTML]) -> HTML { HTML(trusted: parts.map(\.text).joined()) }

    struct Interpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &text) }
        mutating func appendInterpolation(_ value: Substring) { HTML.escape(String(value), into: &text) }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ markup: HTML) { text += markup.text }
        mutating func appendInterpolation(_ markup: HTML?) { if let markup { text += markup.text } }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { text += part.text } }
    }

    /// Escapes for text and for quoted attribute values alike.
    static func escape(_ value: String, into output: inout String) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// A link of a navigation, marked as the current page when it is one.
    static func navigationLink(_ label: String, href: String, current: Bool) -> HTML {
        current ? "<a href=\"\(href)\" aria-current=\"page\">\(label)</a>" : "<a href=\"\(href)\">\(label)</a>"
    }

    /// A value for a query string, percent-encoded.
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// A path segment for a link, percent-encoded (slugs are already safe; hashes and ids too, but a link is
    /// never trusted to be).
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .segmentSafe) ?? ""
    }
}

extension CharacterSet {
    fileprivate static let segmentSafe = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
