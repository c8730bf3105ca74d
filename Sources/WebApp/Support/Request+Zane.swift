import Domain
import NIOCore
import Vapor

extension Request {
    /// The caller's address: the first `X-Forwarded-For` entry when the peer is a trusted proxy (Caddy
    /// replaces that header with the address it saw), else the peer itself.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard application.zane.trustedProxies.trusts(peer),
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first?.trimmingCharacters(
                in: .whitespaces),
            AddressRange.bytes(of: forwarded) != nil
        else { return peer }
        return forwarded
    }

    /// Whether the peer itself (not what it forwards) is a trusted proxy.
    var comesFromTrustedProxy: Bool { application.zane.trustedProxies.trusts(remoteAddress?.ipAddress ?? "") }

    static let maximumBodyBytes = 1 << 20

    /// The request body as a reader of its fields: JSON, or url-encoded form fields. No body reads as `{}`.
    func bodyReader() throws -> InputReader {
        guard let buffer = body.data, buffer.readableBytes > 0 else { return InputReader([:]) }
        guard buffer.readableBytes <= Self.maximumBodyBytes else { throw APIError.payloadTooLarge }
        let bytes = buffer.readableBytesView
        switch headers.contentType {
        case .some(let type)
        where type.type == "application" && (type.subType == "json" || type.subType.hasSuffix("+json")):
            do {
                return try InputReader(body: try JSONBodyParser.parse(bytes))
            } catch let error as JSONParseError {
                throw APIError.parse(error.detail)
            }
        case .some(let type) where type == .urlEncodedForm:
            let fields = try content.decode([String: String].self)
            return InputReader(fields.mapValues { JSONValue.string($0) })
        case .some(let type):
            throw APIError.unsupportedMediaType(headers.first(name: .contentType) ?? type.serialize())
        case nil:
            throw APIError.unsupportedMediaType("")
        }
    }

    /// The `Host` header as a link can carry it: a DNS name or IPv4 address and a port from 1 to 65535;
    /// anything else (a hostile header) becomes `localhost` without a port.
    static func hostAndPort(_ header: String?) -> (host: String, port: Int?) {
        guard let header, header.utf8.count <= 255 else { return ("localhost", nil) }
        let parts = header.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let name = parts.first, !name.isEmpty,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") })
        else { return ("localhost", nil) }
        guard parts.count == 2 else { return (String(name), nil) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else { return ("localhost", nil) }
        return (String(name), port)
    }

    /// A path parameter that the route declares.
    func parameter(_ name: String) -> String { parameters.get(name) ?? "" }

    /// This request's URL with one query parameter set to `value` (the others kept, in order), as the
    /// absolute `next`/`previous` links of paged lists carry it.
    func linkToSelf(setting name: String, to value: String) -> String {
        var components = URLComponents()
        components.scheme = "http"
        let (host, port) = Self.hostAndPort(headers.first(name: .host))
        components.host = host
        components.port = port
        components.path = url.path
        components.queryItems =
            (URLComponents(string: url.string)?.queryItems ?? []).filter { $0.name != name } + [
                URLQueryItem(name: name, value: value)
            ]
        return components.string ?? url.path
    }
}
