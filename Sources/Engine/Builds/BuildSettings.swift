/// Where and how git services are built.
public struct BuildSettings: Sendable {
    /// Each build's checkout and context archive live in `<directory>/<deployment hash>`; whatever is left
    /// there when Zane starts is an interrupted build's, and goes.
    public var directory: String
    /// The Caddy image a `STATIC_DIR` site is served by.
    public var staticSiteBaseImage: String
    public var cloneTimeoutSeconds: Double
    public var buildTimeoutSeconds: Double
    /// How many of a service's images are kept (the newest), so that redeploying a recent one needs no build.
    public var keptImages: Int

    public init(
        directory: String, staticSiteBaseImage: String, cloneTimeoutSeconds: Double = 600,
        buildTimeoutSeconds: Double = 1500, keptImages: Int = 4
    ) {
        self.directory = directory
        self.staticSiteBaseImage = staticSiteBaseImage
        self.cloneTimeoutSeconds = cloneTimeoutSeconds
        self.buildTimeoutSeconds = buildTimeoutSeconds
        self.keptImages = keptImages
    }
}
