import Synchronization

/// The peers whose `X-Forwarded-For` Zane believes: the ranges of `ZANE_TRUSTED_PROXIES` when set, else
/// loopback and the addresses of the proxy's own container, as the proxy supervisor reports them. Any other
/// peer (a machine on the LAN, a service's container reaching the host through the bridge gateway) is
/// taken at its own address, so it cannot pose as a fresh client with every request.
final class TrustedProxies: Sendable {
    static let loopback = [AddressRange("127.0.0.0/8")!, AddressRange("::1")!]

    private let configured: [AddressRange]?
    private let proxyAddresses = Mutex<[AddressRange]>([])

    init(configured: [AddressRange]?) { self.configured = configured }

    func trusts(_ peer: String) -> Bool {
        if let configured { return configured.contains { $0.contains(peer) } }
        return Self.loopback.contains { $0.contains(peer) }
            || proxyAddresses.withLock { $0.contains { $0.contains(peer) } }
    }

    /// The proxy's container moved (started, restarted, got new addresses).
    func proxyMoved(to addresses: [String]) {
        let ranges = addresses.compactMap(AddressRange.init)
        proxyAddresses.withLock { $0 = ranges }
    }
}
