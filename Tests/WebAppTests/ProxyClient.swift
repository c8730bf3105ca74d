import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Requests to the proxy's published port on 127.0.0.1 with a chosen Host header; redirects are not followed.
struct ProxyClient {
    let port: Int
    static let http = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    struct Answer {
        var status: UInt
        var headers: HTTPHeaders
        var body: String
    }

    func get(_ host: String, _ path: String = "/", timeoutSeconds: Int64 = 5) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.replaceOrAdd(name: "Host", value: host)
        let response = try await Self.http.execute(request, timeout: .seconds(timeoutSeconds))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: response.status.code, headers: response.headers, body: String(buffer: body))
    }

    /// A GET sent again once when the proxy closed a kept-alive connection before answering, as browsers
    /// and HTTP clients do for idempotent requests (the proxy closes idle connections when its routes change).
    func getRetryingClosedConnection(_ host: String, _ path: String = "/") async throws -> Answer {
        do {
            return try await get(host, path)
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            return try await get(host, path)
        } catch ChannelError.ioOnClosedChannel {
            // The same close, seen while the request was still being written.
            return try await get(host, path)
        }
    }

    /// Polls until `accept` holds (the proxy applies a new configuration within moments).
    func waitFor(_ host: String, _ path: String = "/", seconds: Double = 30, _ accept: (Answer) -> Bool) async throws
        -> Answer
    {
        let deadline = Date().addingTimeInterval(seconds)
        var last: Answer?
        while Date() < deadline {
            if let answer = try? await get(host, path) {
                if accept(answer) { return answer }
                last = answer
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last ?? Answer(status: 0, headers: [:], body: "no answer")
    }
}
