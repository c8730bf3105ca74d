/// Tells whether an image reference can be deployed: present on this server, or found in its registry.
public protocol ImageAvailability: Sendable {
    func isAvailable(_ image: String) async -> Bool
}

/// With no container engine configured, any well-formed reference is accepted.
public struct AnyWellFormedImage: ImageAvailability {
    public init() {}

    public func isAvailable(_ image: String) async -> Bool { ImageReference(image) != nil }
}
