import AsyncHTTPClient
import CaddyAdmin
import Domain
import Foundation
import NIOCore

/// Sends a deploy-time or monitor health check (`PATH`) to a container on the overlay network, through the
/// proxy's probe route: the proxy is Zane's vantage point inside that network.
struct ProxyProbe: Sendable {
    let settings: ProxySettings
    var http: HTTPClient = .shared

    struct Answer {
        var status: UInt
        var body: String
    }

    /// `GET http://<upstream><path>`; throws with a readable reason when the container cannot be reached.
    func get(_ path: String, upstream: String, timeoutSeconds: Double) async throws -> Answer {
        let target = "http://\(upstream)\(path)"
        var request = HTTPClientRequest(url: settings.httpURL + path)
        request.headers.replaceOrAdd(name: CaddyConfiguration.probeHeader, value: settings.probeSecret)
        request.headers.replaceOrAdd(name: CaddyConfiguration.probeUpstreamHeader, value: upstream)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(
                request,
                timeout: .milliseconds(Int64(min(max(0.1, timeoutSeconds), Double(HealthCheck.maximumSeconds)) * 1000)))
        } catch {
            throw ProxyError(
                "GET \(target) got no answer in time (the proxy at \(settings.httpURL) did not answer: \(error)).")
        }
        let body = String(buffer: (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer())
        switch response.headers.first(name: CaddyConfiguration.ownPageHeader) {
        case nil: break
        case "502": throw ProxyError("GET \(target) failed: the container does not accept connections on that port.")
        default: throw ProxyError("GET \(target) could not be sent: the proxy is not ready to probe containers yet.")
        }
        return Answer(status: response.status.code, body: body)
    }
}
