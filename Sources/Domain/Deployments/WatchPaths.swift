/// A service's `watch_paths`: globs, separated by commas or new lines, of the paths whose change deploys it.
/// `*` and `?` stay inside one path segment, `**` spans any number of them; no pattern means every path.
public struct WatchPaths: Sendable {
    let patterns: [[Substring]]

    public init(_ text: String?) {
        patterns = (text ?? "").split(whereSeparator: { $0 == "," || $0.isNewline }).map {
            $0.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "/" }).split(separator: "/")
        }.filter { !$0.isEmpty }.map { $0.map { Substring($0) } }
    }

    /// Whether a push touching `paths` concerns the service.
    public func matchAny(_ paths: Set<String>) -> Bool {
        patterns.isEmpty
            || paths.contains { path in
                let segments = path.split(separator: "/")
                return patterns.contains { Self.match($0[...], segments[...]) }
            }
    }

    /// Whole paths: `**` as a star over segments, with the usual one-backtrack-point walk (no exponential cost).
    static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        walk(Array(pattern), Array(path), isStar: { $0 == "**" }) { matchSegment(Array($0), Array($1)) }
    }

    static func matchSegment(_ pattern: [Character], _ text: [Character]) -> Bool {
        walk(pattern, text, isStar: { $0 == "*" }) { $0 == "?" || $0 == $1 }
    }

    static func walk<P, T>(_ pattern: [P], _ text: [T], isStar: (P) -> Bool, matches: (P, T) -> Bool) -> Bool {
        var p = 0
        var t = 0
        var star: (p: Int, t: Int)?
        while t < text.count {
            if p < pattern.count, isStar(pattern[p]) {
                star = (p, t)
                p += 1
            } else if p < pattern.count, matches(pattern[p], text[t]) {
                p += 1
                t += 1
            } else if let last = star {
                p = last.p + 1
                t = last.t + 1
                star = (last.p, last.t + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, isStar(pattern[p]) { p += 1 }
        return p == pattern.count
    }
}
