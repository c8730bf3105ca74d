/// `POST …/create-service/docker`
public struct CreateDockerServiceRequest: Sendable {
    public var slug: String?
    public var image: String

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug", maxLength: Service.maximumSlugLength)
        let image = Self.readImage(&reader)
        try reader.check()
        self.image = image!
    }

    /// `image` (well-formed) and `container_registry_credentials_id`, as create-service and `source` changes take them.
    static func readImage(_ reader: inout InputReader) -> String? {
        let image = reader.string("image", required: true)
        if let image, ImageReference(image) == nil { reader.fail("image", Self.unavailableImageDetail(image)) }
        if let registry = reader.string("container_registry_credentials_id") {
            // Shared registry credentials are not supported yet, so no id can exist.
            reader.fail(
                "container_registry_credentials_id", "A container registry with an ID of `\(registry)` does not exist.")
        }
        return reader.errors.isEmpty ? image : nil
    }

    static func unavailableImageDetail(_ image: String) -> String {
        "Either the image `\(image)` doesn't exist, or the provided credentials are invalid. Did you forget to include the credentials?"
    }
}

/// `PATCH …/service-details/{slug}`: every field optional.
public struct UpdateServiceRequest: Sendable {
    public var slug: String?
    public var autoDeployEnabled: Bool?
    /// `.some(nil)` clears the value.
    public var watchPaths: String??
    public var cleanupQueueOnAutoDeploy: Bool?
    public var previewEnvironmentsEnabled: Bool?
    /// A git service's push webhook secret, as pasted into GitHub or GitLab.
    public var webhookSecret: String?

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug", maxLength: Service.maximumSlugLength)
        autoDeployEnabled = reader.bool("auto_deploy_enabled")
        watchPaths = reader.nullableString("watch_paths", maxLength: 2048)
        cleanupQueueOnAutoDeploy = reader.bool("cleanup_queue_on_auto_deploy")
        previewEnvironmentsEnabled = reader.bool("pr_preview_envs_enabled")
        webhookSecret = reader.string("webhook_secret", maxLength: 256)
        if let secret = webhookSecret,
            secret.count < 16 || secret.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        {
            reader.fail(
                "webhook_secret", "A webhook secret has at least 16 characters, and no spaces or control characters.")
        }
        try reader.check()
    }
}
