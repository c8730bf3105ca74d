/// `PUT …/request-env-changes/{slug}`: the text of a `.env` file.
public struct EnvFileRequest: Sendable {
    /// Keeps one request from holding the configuration lock for long.
    public static let maximumVariables = 1000
    public var entries: [DotEnvParser.Entry]

    public init(reading reader: inout InputReader) throws(DomainError) {
        let text = reader.string("new_value", required: true, allowBlank: true, trim: false)
        try reader.check()
        entries = try DotEnvParser.parse(text ?? "")
        for entry in entries where !Rules.isVariableName(entry.key) {
            reader.fail(
                "new_value",
                "`\(entry.key)` is not a valid variable name : it must start with a letter or `_`, followed by letters, digits or `_`."
            )
        }
        try reader.check()
    }
}

extension ServiceChanges {
    /// One pending ADD per variable of the file; none may exist already on the projected service.
    public func importEnvFile(_ request: EnvFileRequest, for service: Service) async throws {
        guard !request.entries.isEmpty else { return }
        let now = clock()
        try await services.changingConfiguration { repository in
            guard let current = try await repository.service(id: service.id) else {
                throw DomainError.notFound("This service does not exist anymore.")
            }
            let pending = try await repository.pendingChanges(serviceIDs: [service.id])
            let applied = ServiceConfiguration(
                current, items: try await repository.items(serviceIDs: [service.id], fields: [.envVariables]))
            let existing = Set(applied.applying(pending).envVariables.map(\.key))
            let taken = request.entries.filter { existing.contains($0.key) }
            guard taken.isEmpty else {
                throw DomainError.validation(
                    taken.map {
                        FieldError.invalid("new_value", "variable with name `\($0.key)` already exists in the service")
                    })
            }
            // One microsecond apart, so that they list in the file's order.
            try await repository.addPendingChanges(
                request.entries.enumerated().map { offset, entry in
                    ServiceChange(
                        serviceID: service.id, field: .envVariables, kind: .add,
                        newValue: .object(["key": .string(entry.key), "value": .string(entry.value)]), oldValue: nil,
                        createdAt: Timestamp(microseconds: now.microseconds + Int64(offset)))
                })
        }
    }
}
