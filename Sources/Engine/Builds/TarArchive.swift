import Foundation

/// Writes a tar archive (POSIX ustar, with pax headers for long names) to a file: the build context sent to
/// the engine. Symbolic links are stored as links, never followed, so a repository's link cannot bring a
/// file of the server into the context. Owners and times are fixed, so the same files make the same archive
/// and the builder's layer cache holds across fresh checkouts.
final class TarArchive {
    static let modificationTime = 946_684_800  // 2000-01-01
    let handle: FileHandle

    init(creatingAt path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw BuildFailure("The build context \(path) could not be created.") }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    /// Adds a directory's contents under `prefix` ("" for the archive's root), in name order; `skipping`
    /// names are left out at the top level only.
    func addDirectory(_ directory: String, as prefix: String, skipping: Set<String> = []) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for name in names where !skipping.contains(name) {
            let path = directory + "/" + name
            let entryName = prefix + name
            // Not following links: `attributesOfItem` reads the link itself.
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? Int ?? 0o644) & 0o7777
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                try writeHeader(name: entryName + "/", mode: mode, size: 0, type: "5")
                try addDirectory(path, as: entryName + "/")
            case .typeSymbolicLink?:
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
                try writeHeader(name: entryName, mode: mode, size: 0, type: "2", link: target)
            case .typeRegular?:
                try addFile(path, as: entryName, mode: mode)
            default:
                continue  // sockets, pipes, devices: nothing a build needs
            }
        }
    }

    func addFile(_ path: String, as name: String, mode: Int) throws {
        guard let input = FileHandle(forReadingAtPath: path) else {
            throw BuildFailure("`\(name)` could not be read.")
        }
        defer { try? input.close() }
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        try writeHeader(name: name, mode: mode, size: size, type: "0")
        var written = 0
        while written < size, let chunk = try input.read(upToCount: min(1 << 20, size - written)), !chunk.isEmpty {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        guard written == size else { throw BuildFailure("`\(name)` changed while it was archived.") }
        try pad(size)
    }

    func addData(_ text: String, as name: String, mode: Int = 0o644) throws {
        let data = Data(text.utf8)
        try writeHeader(name: name, mode: mode, size: data.count, type: "0")
        try handle.write(contentsOf: data)
        try pad(data.count)
    }

    /// The two zero blocks that end an archive.
    func finish() throws {
        try handle.write(contentsOf: Data(count: 1024))
        try handle.close()
    }

    private func pad(_ size: Int) throws {
        let remainder = size % 512
        if remainder != 0 { try handle.write(contentsOf: Data(count: 512 - remainder)) }
    }

    private func writeHeader(name: String, mode: Int, size: Int, type: Character, link: String = "") throws {
        let nameBytes = Array(name.utf8)
        let linkBytes = Array(link.utf8)
        if nameBytes.count > 100 || linkBytes.count > 100 {
            var records = ""
            if nameBytes.count > 100 { records += Self.paxRecord("path", name) }
            if linkBytes.count > 100 { records += Self.paxRecord("linkpath", link) }
            let data = Data(records.utf8)
            try handle.write(contentsOf: Self.header(name: "pax", mode: 0o644, size: data.count, type: "x", link: []))
            try handle.write(contentsOf: data)
            try pad(data.count)
        }
        try handle.write(
            contentsOf: Self.header(
                name: Array(nameBytes.prefix(100)), mode: mode, size: size, type: type,
                link: Array(linkBytes.prefix(100))))
    }

    /// `"<length> <key>=<value>\n"`, where the length counts its own digits.
    static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while "\(length)".count + body.utf8.count != length { length = "\(length)".count + body.utf8.count }
        return "\(length)\(body)"
    }

    static func header(name: String, mode: Int, size: Int, type: Character, link: [UInt8]) -> Data {
        header(name: Array(name.utf8), mode: mode, size: size, type: type, link: link)
    }

    static func header(name: [UInt8], mode: Int, size: Int, type: Character, link: [UInt8]) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8)
        }
        put(name, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(modificationTime, width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        put([type.asciiValue ?? UInt8(ascii: "0")], at: 156)
        put(link, at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [0], at: 148)
        return Data(block)
    }
}

/// A build that cannot go on, with the reason shown as the deployment's.
struct BuildFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
