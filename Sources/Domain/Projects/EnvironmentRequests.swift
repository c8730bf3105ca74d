/// `POST /api/projects/{slug}/create-environment` and the rename `PATCH`.
public struct EnvironmentNameRequest: Sendable {
    public var name: String

    public init(reading reader: inout InputReader) throws(DomainError) {
        let name = Self.readName(&reader)
        try reader.check()
        self.name = name!
    }

    static func readName(_ reader: inout InputReader) -> String? {
        guard let name = reader.slug("name", required: true) else { return nil }
        guard !name.hasPrefix("preview") else {
            reader.fail(
                "name", "Cannot create an environment starting `preview`, it is reserved for preview environments.")
            return nil
        }
        return name
    }
}

/// `POST /api/projects/{slug}/clone-environment/{env_slug}`
public struct CloneEnvironmentRequest: Sendable {
    public var name: String
    public var deployAfterClone: Bool

    public init(reading reader: inout InputReader) throws(DomainError) {
        let name = EnvironmentNameRequest.readName(&reader)
        let deploy = reader.bool("deploy_after_clone")
        try reader.check()
        self.name = name!
        self.deployAfterClone = deploy ?? false
    }
}

/// Body of the shared-variable endpoints. `value` is nil when absent.
public struct SharedVariableRequest: Sendable {
    public var key: String?
    public var value: String?

    public init(reading reader: inout InputReader, keyRequired: Bool) throws(DomainError) {
        key = reader.string("key", required: keyRequired)
        if let key, !Rules.isVariableName(key) { reader.fail("key", Self.invalidKeyDetail(key)) }
        value = reader.string("value", allowBlank: true)
        try reader.check()
    }

    static func invalidKeyDetail(_ key: String) -> String {
        "Invalid variable name `\(key)`: variable names must start with a letter or `_` followed by letters, digits or `_`."
    }
}
