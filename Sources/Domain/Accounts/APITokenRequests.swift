/// A new API token: `name`, `scope` (`FULL`, `READ_ONLY` or `DEPLOY`), for `DEPLOY` the `projects` (slugs)
/// and `services` (`<project>/<environment>/<service>`) it may deploy, and `expires_in_days` (none: never).
public struct CreateAPITokenRequest: Sendable {
    public static let maximumTargets = 100

    public var name: String
    public var scope: APITokenScope.Kind
    public var projectSlugs: [String] = []
    public var servicePaths: [ServicePath] = []
    public var expiresInDays: Int?

    /// A service as the command line names it: `<project>/<environment>/<service>`.
    public struct ServicePath: Hashable, Sendable {
        public var project: String
        public var environment: String
        public var service: String

        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 255 }) else { return nil }
            (project, environment, service) = (parts[0], parts[1], parts[2])
        }

        public var text: String { "\(project)/\(environment)/\(service)" }
    }

    public init(reading reader: inout InputReader) throws(DomainError) {
        let name = reader.string("name", required: true, maxLength: 100)
        let scope = reader.choice("scope", required: true, as: APITokenScope.Kind.self)
        let projects = Self.strings("projects", &reader)
        let services = Self.strings("services", &reader)
        expiresInDays = reader.int("expires_in_days", min: 1, max: 3650)
        if let name, name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            reader.fail("name", "A token's name has no control characters.")
        }
        for text in services where ServicePath(text) == nil {
            reader.fail("services", "`\(text.prefix(100))` is not `<project>/<environment>/<service>`.")
        }
        if scope == .deploy, projects.isEmpty, services.isEmpty {
            reader.fail("scope", "A `DEPLOY` token names the `projects` or `services` it may deploy.")
        }
        if let scope, scope != .deploy, !projects.isEmpty || !services.isEmpty {
            reader.fail("scope", "Only a `DEPLOY` token is limited to `projects` or `services`.")
        }
        try reader.check()
        self.name = name!
        self.scope = scope!
        projectSlugs = projects
        servicePaths = services.compactMap(ServicePath.init)
    }

    /// A list of strings under `key`, at most `maximumTargets` of them; empty when absent.
    static func strings(_ key: String, _ reader: inout InputReader) -> [String] {
        guard let raw = reader.object[key], raw != .null else { return [] }
        let texts = raw.array?.compactMap(\.string) ?? []
        guard let items = raw.array, items.count <= maximumTargets, texts.count == items.count else {
            reader.fail(key, "A list of at most \(maximumTargets) strings.")
            return []
        }
        return texts
    }
}
