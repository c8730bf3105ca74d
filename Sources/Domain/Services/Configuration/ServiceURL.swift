/// A public HTTP route to the service through the proxy, or a redirect.
public struct ServiceURL: ServiceItem {
    public static let field = ServiceChange.Field.urls
    public static let idPrefix = "url_"

    public struct Redirect: Hashable, Sendable {
        public var url: String
        public var permanent: Bool
    }

    public var id: String
    /// Lower-cased; may start with `*.`.
    public var domain: String
    /// Normalised: starts with `/`, no trailing slash unless it is `/`.
    public var basePath: String
    public var stripPrefix: Bool
    public var redirect: Redirect?
    /// nil exactly when `redirect` is set.
    public var associatedPort: Int?

    public init?(json: JSONValue, id: String) {
        guard let domain = json["domain"]?.string, let basePath = json["base_path"]?.string else { return nil }
        self.id = id
        self.domain = domain
        self.basePath = basePath
        stripPrefix = json["strip_prefix"]?.bool ?? true
        if let target = json["redirect_to"], let url = target["url"]?.string {
            redirect = Redirect(url: url, permanent: target["permanent"]?.bool ?? false)
        }
        associatedPort = json["associated_port"]?.int
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "domain": .string(domain), "base_path": .string(basePath),
            "strip_prefix": .bool(stripPrefix),
            "redirect_to": redirect.map { .object(["url": .string($0.url), "permanent": .bool($0.permanent)]) }
                ?? .null,
            "associated_port": associatedPort.map { .int(Int64($0)) } ?? .null,
        ])
    }

    /// Whether both route the same requests: same domain (case-insensitively) and base path.
    public func sameRoute(as other: ServiceURL) -> Bool { domain == other.domain && basePath == other.basePath }
}
