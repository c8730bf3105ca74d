import Foundation
import Vapor

/// The dashboard's stylesheet and script, read once from the binary's resources and served with a
/// validator, so a browser asks again cheaply after an upgrade.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    static let files = ["zane.css": "text/css; charset=utf-8", "zane.js": "text/javascript; charset=utf-8"]
    let assets: [String: Asset]

    init() {
        var assets: [String: Asset] = [:]
        for (name, type) in Self.files {
            let parts = name.split(separator: ".")
            guard
                let url = Bundle.module.url(
                    forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "dashboard"),
                let data = try? Data(contentsOf: url)
            else { continue }
            let etag =
                "\"\(String(data.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }, radix: 36))\""
            assets[name] = Asset(body: ByteBuffer(data: data), contentType: type, etag: etag)
        }
        self.assets = assets
    }

    func serve(_ request: Request) throws -> Response {
        guard let asset = assets[request.parameter("file")] else { throw Abort(.notFound) }
        var headers: HTTPHeaders = [
            "Content-Type": asset.contentType, "Cache-Control": "no-cache", "ETag": asset.etag,
            "X-Content-Type-Options": "nosniff",
        ]
        if request.headers.first(name: .ifNoneMatch) == asset.etag {
            headers.remove(name: .contentType)
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: asset.body))
    }
}
