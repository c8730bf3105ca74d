import Foundation

/// The images in the engine's local store.
extension DockerEngineClient {
    public struct ImageSummary: Decodable, Sendable, Equatable {
        public var id: String
        public var repoTags: [String]?
        /// Seconds since the epoch.
        public var created: Int64

        public init(id: String, repoTags: [String]?, created: Int64) {
            self.id = id
            self.repoTags = repoTags
            self.created = created
        }
    }

    /// The images carrying all of `labels` (`key=value`).
    public func images(labelled labels: [String]) async throws -> [ImageSummary] {
        try await call(.GET, "/images/json", query: [Self.filters(["label": labels])], as: [ImageSummary].self)
    }

    /// Removes an image by name or id; one that is gone already counts as removed. An image a container
    /// still uses is refused (409) and throws.
    public func removeImage(_ reference: String) async throws {
        try await perform(.DELETE, "/images/\(try Self.pathSafe(reference))", accepting: [404])
    }
}
