/// Which names the proxy may get TLS certificates for (`proxy.md` §5): the app domain and the domains of
/// service URLs (a wildcard URL covering one label). Any other name, even one under the root domain, is
/// refused: random names sent as SNI must not make the proxy order certificates nobody uses.
public struct CertificatePermission: Sendable {
    public static let refused = "A certificate cannot be issued for this domain"

    let services: any ServiceRepository
    let appDomain: String

    public init(services: any ServiceRepository, appDomain: String) {
        self.services = services
        self.appDomain = appDomain.lowercased()
    }

    /// Throws 400 for a missing or malformed name, 403 for a name Zane does not serve.
    public func check(_ domain: String?) async throws {
        guard let domain = domain?.lowercased(), !domain.hasPrefix("*."), Rules.isDomain(domain) else {
            throw DomainError.invalid("domain", "Enter a valid domain name.")
        }
        if domain == appDomain { return }
        let (items, _) = try await services.neighbourClaims(fields: [.urls], excludingServiceID: "")
        let served = Set(NeighbourClaims(items: items, changes: []).urls.map { $0.domain.lowercased() })
        if served.contains(domain) { return }
        if let parent = Rules.parentDomain(domain), served.contains("*." + parent) { return }
        throw DomainError.permissionDenied(Self.refused)
    }
}
