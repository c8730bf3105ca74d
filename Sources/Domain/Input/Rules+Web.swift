import Foundation

/// Syntax of the paths, domains and URLs that service configurations hold.
extension Rules {
    /// An absolute path without a query string, `..` or `*` (URL base paths, container and host paths).
    public static func isPath(_ text: String) -> Bool {
        text.hasPrefix("/") && !text.contains("?") && !text.contains("..") && !text.contains("*") && !text.contains("#")
            && text.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F }
    }

    /// Duplicate slashes collapsed and the trailing slash removed; `/` stays `/`.
    public static func normalizedPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return "/" + parts.joined(separator: "/")
    }

    /// A host name without scheme, port, path or query, optionally `*.`-prefixed; compared lower-cased.
    public static func isDomain(_ text: String) -> Bool {
        var name = Substring(text)
        if name.hasPrefix("*.") { name = name.dropFirst(2) }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// An absolute `http` or `https` URL with a host.
    public static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// The domain minus its first label (`a.b.c` → `b.c`), nil for a single label.
    public static func parentDomain(_ domain: String) -> String? {
        guard let dot = domain.firstIndex(of: ".") else { return nil }
        return String(domain[domain.index(after: dot)...])
    }
}
