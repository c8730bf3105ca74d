import Foundation

/// Follows the proxy's access-log file, across the proxy's rotations (it renames the full file and starts
/// a new one). How far it has read is kept in a small file beside the log, written once the caller has
/// stored what it read, so a restart resumes there: a line is read again at most, never skipped.
struct AccessLogTail {
    struct Position: Equatable {
        var file: UInt64
        var offset: UInt64
    }

    let directory: String
    var logPath: String { directory + "/" + ProxySettings.accessLogName }
    var positionPath: String { directory + "/access.position" }
    private(set) var position: Position?

    init(directory: String) {
        self.directory = directory
        position = Self.readPosition(at: directory + "/access.position")
    }

    /// Complete lines written since the last read, at most about `maxBytes` of them, the position after
    /// them, and how many lines longer than `maxBytes` were skipped (they are never stored, and never stall
    /// the reading).
    func read(maxBytes: Int = 4 << 20) -> (lines: [Substring], position: Position?, skipped: Int) {
        guard let current = Self.fileNumber(logPath) else { return ([], position, 0) }
        var position = position ?? Position(file: current, offset: 0)
        var lines: [Substring] = []
        var skipped = 0
        if position.file != current {
            // Rotated: the rest of the previous file first, found by its file number.
            if let rotated = rotatedFile(numbered: position.file) {
                lines += Self.lines(
                    in: rotated, from: position.offset, maxBytes: maxBytes, consumed: &position.offset,
                    skipped: &skipped, wholeFile: true)
            }
            position = Position(file: current, offset: 0)
        }
        if let size = Self.size(logPath), size < position.offset { position.offset = 0 }  // truncated
        lines += Self.lines(
            in: logPath, from: position.offset, maxBytes: maxBytes, consumed: &position.offset, skipped: &skipped,
            wholeFile: false)
        return (lines, position, skipped)
    }

    /// Records the position once what was read is stored.
    mutating func commit(_ newPosition: Position?) {
        guard let newPosition, newPosition != position else { return }
        position = newPosition
        try? Data("\(newPosition.file) \(newPosition.offset)".utf8).write(
            to: URL(fileURLWithPath: positionPath), options: .atomic)
    }

    func rotatedFile(numbered number: UInt64) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("access") && $0.hasSuffix(".log") }.map { directory + "/" + $0 }
            .first { Self.fileNumber($0) == number }
    }

    /// The complete lines from `offset` (a final line without its newline is left for the next read,
    /// unless the file is a rotated one that no longer grows). A read that starts in the middle of a line
    /// (the rest of one too long for a read) drops it up to its newline; a read that finds no newline in
    /// `maxBytes` consumes them all, so that an oversized line is skipped, whatever its length.
    static func lines(
        in path: String, from offset: UInt64, maxBytes: Int, consumed: inout UInt64, skipped: inout Int, wholeFile: Bool
    ) -> [Substring] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let start = offset > 0 ? offset - 1 : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.read(upToCount: maxBytes + 1),
            !data.isEmpty
        else { return [] }
        var bytes = [UInt8](data)
        let midLine = offset > 0 && bytes.first != UInt8(ascii: "\n")
        if offset > 0 { bytes.removeFirst() }
        guard !bytes.isEmpty else { return [] }
        var first = 0
        if midLine {
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                if bytes.count >= maxBytes || wholeFile { consumed = offset + UInt64(bytes.count) }
                return []
            }
            first = newline + 1
        }
        let end =
            wholeFile && bytes.count < maxBytes
            ? bytes.count : (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? first)
        if end <= first && bytes.count >= maxBytes {
            // No newline in a whole read: the start of a line too long to store.
            skipped += 1
            consumed = offset + UInt64(bytes.count)
            return []
        }
        consumed = offset + UInt64(max(end, first))
        return String(decoding: bytes[first..<max(end, first)], as: UTF8.self).split(separator: "\n")
    }

    static func fileNumber(_ path: String) -> UInt64? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value
    }

    static func size(_ path: String) -> UInt64? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value
    }

    static func readPosition(at path: String) -> Position? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let parts = text.split(separator: " ").compactMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return parts.count == 2 ? Position(file: parts[0], offset: parts[1]) : nil
    }
}
