/// A Docker image reference: `[registry[:port]/]path[:tag][@digest]`, as the distribution grammar defines it.
public struct ImageReference: Hashable, Sendable {
    /// Everything before the tag and digest, e.g. `ghcr.io/org/app`.
    public let repository: String
    public let tag: String?
    public let digest: String?

    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 512, !text.contains(where: \.isWhitespace) else { return nil }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard Self.isDigest(digest) else { return nil }
            self.digest = String(digest)
            rest = rest[..<at]
        } else {
            digest = nil
        }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let tag = rest[rest.index(after: colon)...]
            guard Self.isTag(tag) else { return nil }
            self.tag = String(tag)
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        guard Self.isRepository(rest) else { return nil }
        repository = String(rest)
    }

    /// The tag shown for the reference: `latest` when none is given.
    public var displayTag: String { tag ?? "latest" }

    static func isTag(_ tag: Substring) -> Bool {
        guard let first = tag.first, tag.count <= 128, first.isASCII, first.isLetter || first.isNumber || first == "_" else { return false }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    static func isDigest(_ digest: Substring) -> Bool {
        let parts = digest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 32 else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+.-_".contains($0)) }
            && parts[1].allSatisfy(\.isHexDigit)
    }

    /// An optional registry host (with a dot, a port or `localhost`), then lowercase path components.
    static func isRepository(_ name: Substring) -> Bool {
        var components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, name.count <= 255 else { return false }
        if components.count > 1, let host = components.first, host.contains(".") || host.contains(":") || host == "localhost" {
            guard isRegistryHost(host) else { return false }
            components.removeFirst()
        }
        return components.allSatisfy(isPathComponent)
    }

    static func isRegistryHost(_ host: Substring) -> Bool {
        let parts = host.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.first, !name.isEmpty else { return false }
        if parts.count == 2 { guard let port = Int(parts[1]), (1...65_535).contains(port) else { return false } }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `[a-z0-9]+` runs joined by `.`, `_`, `__` or one or more `-`.
    static func isPathComponent(_ component: Substring) -> Bool {
        guard let first = component.first, let last = component.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else {
            return false
        }
        var separator = ""
        for character in component {
            if isLowerAlphanumeric(character) {
                guard separator.isEmpty || separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" })
                else { return false }
                separator = ""
            } else if ".-_".contains(character) {
                separator.append(character)
            } else {
                return false
            }
        }
        return true
    }

    static func isLowerAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber)
    }
}
