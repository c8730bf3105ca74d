/// A Docker image reference: `[registry[:port]/]path[:tag][@digest]`, as the distribution grammar defines it.
public struct ImageReference: Hashable, Sendable {
    /// Everything before the tag and digest, e.g. `ghcr.io/org/app`.
    public let repository: String
    public let tag: String?
    public let digest: String?

    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 512, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return nil
        }
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
        let bytes = tag.utf8
        guard let first = bytes.first, bytes.count <= 128, isAlphanumeric(first) || first == UInt8(ascii: "_") else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    static func isDigest(_ digest: Substring) -> Bool {
        let parts = digest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.count >= 32 else { return false }
        return parts[0].utf8.allSatisfy { isLowerAlphanumeric($0) || "+.-_".utf8.contains($0) }
            && parts[1].utf8.allSatisfy(isHexDigit)
    }

    /// An optional registry host (with a dot, a port or `localhost`), then lowercase path components.
    static func isRepository(_ name: Substring) -> Bool {
        var components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, name.utf8.count <= 255 else { return false }
        if components.count > 1, let host = components.first,
            host.contains(".") || host.contains(":") || host == "localhost"
        {
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
                && label.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// `[a-z0-9]+` runs joined by `.`, `_`, `__` or one or more `-`.
    static func isPathComponent(_ component: Substring) -> Bool {
        let bytes = component.utf8
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else {
            return false
        }
        var separator: [UInt8] = []
        for byte in bytes {
            if isLowerAlphanumeric(byte) {
                let dashes = !separator.isEmpty && separator.allSatisfy { $0 == UInt8(ascii: "-") }
                guard
                    separator.isEmpty || separator == [UInt8(ascii: ".")] || separator == [UInt8(ascii: "_")]
                        || separator == [UInt8(ascii: "_"), UInt8(ascii: "_")] || dashes
                else { return false }
                separator.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                separator.append(byte)
            } else {
                return false
            }
        }
        return true
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
