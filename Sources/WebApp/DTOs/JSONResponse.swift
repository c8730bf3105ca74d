import Domain
import NIOCore
import Vapor

/// Builds JSON responses from `JSONWritable` values.
enum JSONResponse {
    static func make(_ value: some JSONWritable, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:])
        -> Response
    {
        make(body: body(value), status: status, headers: headers)
    }

    static func make(body: ByteBuffer, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return Response(status: status, headers: headers, body: .init(buffer: body))
    }

    static func body(_ value: some JSONWritable) -> ByteBuffer {
        var writer = JSONWriter()
        value.write(to: &writer)
        return ByteBuffer(bytes: writer.bytes)
    }

    /// A 200 with the cached body for `key`, or with the body `render` makes, which is then cached.
    static func cached<Object>(
        _ key: String, in cache: ResponseCache, lookup: () async throws -> Object,
        render: (Object) async throws -> ByteBuffer
    ) async throws -> Response {
        let generation = cache.generation
        // The lookup runs on every read, cached or not: it is where a caller who may not see the object gets 404.
        let object = try await lookup()
        if let body = cache.body(for: key, generation: generation) { return make(body: body) }
        let body = try await render(object)
        cache.store(body, for: key, generation: generation)
        return make(body: body)
    }

    /// An empty-bodied response (204, 202, 302).
    static func empty(_ status: HTTPResponseStatus, headers: HTTPHeaders = [:]) -> Response {
        Response(status: status, headers: headers)
    }
}
