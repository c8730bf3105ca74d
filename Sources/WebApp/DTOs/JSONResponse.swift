import Domain
import NIOCore
import Vapor

/// Builds JSON responses from `JSONWritable` values.
enum JSONResponse {
    static func make(_ value: some JSONWritable, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var writer = JSONWriter()
        value.write(to: &writer)
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// An empty-bodied response (204, 202, 302).
    static func empty(_ status: HTTPResponseStatus, headers: HTTPHeaders = [:]) -> Response {
        Response(status: status, headers: headers)
    }
}
