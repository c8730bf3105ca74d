/// Which names the proxy may get TLS certificates for (`proxy.md` §5): the app domain, names directly
/// under the root domain, and the domains of service URLs (a wildcard URL covering one label).
public struct CertificatePermission: Sendable {
    public static let refused = "A certificate cannot be issued for this domain"

    let services: any ServiceRepository
    let appDomain: String
    let rootDomain: String

    public init(services: any ServiceRepository, appDomain: String, rootDomain: String) {
        self.services = services
        self.appDomain = appDomain.lowercased()
        self.rootDomain = rootDomain.lowercased().hasPrefix("*.") ? String(rootDomain.lowercased().dropFirst(2)) : rootDomain.lowercased()
    }

    /// Throws 400 for a missing or malformed name, 403 for a name Zane does not serve.
    public func check(_ domain: String?) async throws {
        guard let domain = domain?.lowercased(), !domain.hasPrefix("*."), Rules.isDomain(domain) else {
            throw DomainError.invalid("domain", "Enter a valid domain name.")
        }
        if domain == appDomain || Rules.parentDomain(domain) == rootDomain { return }
        let (items, _) = try await services.neighbourClaims(fields: [.urls], excludingServiceID: "")
        let served = Set(NeighbourClaims(items: items, changes: []).urls.map { $0.domain.lowercased() })
        if served.contains(domain) { return }
        if let parent = Rules.parentDomain(domain), served.contains("*." + parent) { return }
        throw DomainError.permissionDenied(Self.refused)
    }
}
