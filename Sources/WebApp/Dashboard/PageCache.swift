import NIOCore
import Vapor

/// The main part of pages that only writes change (an environment's cards, a service's tabs), kept in the
/// API's `ResponseCache` under the same rules: dropped at the next write. The page is rendered once with a
/// placeholder for the CSRF token, which each response then carries in its place.
struct PageCache {
    let cache: ResponseCache

    /// Escaping turns any `<` of a user's value into `&lt;`: no value can hold this text.
    static let tokenPlaceholder = "<zane-csrf-token>"
    static let placeholderBytes = Array(tokenPlaceholder.utf8)

    /// The page with `token` in place of each placeholder, byte by byte (a hit must cost next to nothing).
    static func filling(_ body: ByteBuffer, token: String) -> String {
        var output = [UInt8]()
        output.reserveCapacity(body.readableBytes + 256)
        body.withUnsafeReadableBytes { bytes in
            let marker = placeholderBytes
            var copied = 0
            var index = 0
            while index + marker.count <= bytes.count {
                if bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) {
                    output.append(contentsOf: bytes[copied..<index])
                    output.append(contentsOf: token.utf8)
                    index += marker.count
                    copied = index
                } else {
                    index += 1
                }
            }
            output.append(contentsOf: bytes[copied...])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The key holds the caller's workspace and the whole address: a page is found only by a request that
    /// rendered it (lookups and their 404s included) in this generation, or one that would render it the same.
    func main(_ request: Request, _ page: DashboardRequest, render: (DashboardRequest) async throws -> HTML)
        async throws -> HTML
    {
        let generation = cache.generation
        // The host is part of what a page shows (the deploy webhook's address).
        let host = request.headers.first(name: .host) ?? ""
        let key = ["page", try request.workspaceID(), host, request.url.string].joined(separator: "\u{0}")
        if let body = cache.body(for: key, generation: generation) {
            return .rendered(Self.filling(body, token: page.csrfToken))
        }
        var template = page
        template.csrfToken = Self.tokenPlaceholder
        let body = ByteBuffer(string: try await render(template).text)
        cache.store(body, for: key, generation: generation)
        return .rendered(Self.filling(body, token: page.csrfToken))
    }
}
