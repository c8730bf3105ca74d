/// `PUT …/request-service-changes/{slug}`: one change, read and checked against its field's schema.
/// Checks that need the service and the rest of the instance come later (`ChangeChecks`).
public struct ServiceChangeRequest: Sendable {
    public var field: ServiceChange.Field
    public var kind: ServiceChange.Kind
    public var itemID: String?
    /// The validated value with defaults filled in; nil for DELETE.
    public var newValue: JSONValue?
    /// A `git_source` change's access token, which is not part of the recorded value.
    public var gitCredentials = GitCredentials.Update.unchanged

    public init(reading reader: inout InputReader, schema: ChangeValueSchema) throws(DomainError) {
        let fieldName = reader.string("field", required: true)
        let field = fieldName.flatMap(ServiceChange.Field.init(rawValue:))
        if let fieldName, field == nil {
            reader.fail("field", code: "invalid_choice", "\"\(fieldName)\" is not a valid choice.")
        }
        try reader.check()
        guard let field else { throw .invalid("field", "This field is required.") }
        self.field = field

        if field.holdsItems {
            kind = reader.choice("type", required: true, as: ServiceChange.Kind.self) ?? .add
        } else {
            if reader.contains("type"), reader.choice("type", as: ServiceChange.Kind.self) != .update,
                reader.errors.isEmpty
            {
                reader.fail(
                    "type", code: "invalid_choice",
                    "Only `UPDATE` changes are allowed for the field `\(field.rawValue)`.")
            }
            kind = .update
        }
        try reader.check()

        let needsValue = kind != .delete
        if needsValue, reader.contains("new_value") || !field.holdsItems {
            newValue = schema.read(field, from: &reader)
        }
        try reader.check()
        if field == .gitSource, newValue != nil, case .some(.some(var value)) = reader.nested("new_value") {
            gitCredentials = GitSource.read(&value, commit: true)?.credentials ?? .unchanged
        }
        if field.holdsItems {
            if kind != .add {
                itemID = reader.string("item_id")
                if itemID == nil && reader.errors.isEmpty {
                    reader.fail(
                        "item_id", code: "required",
                        "`item_id` should be provided when the change type is `DELETE` or `UPDATE`.")
                }
            }
            if needsValue && newValue == nil && reader.errors.isEmpty {
                reader.fail(
                    "new_value", code: "required",
                    "`new_value` should be provided when the change type is `ADD` or `UPDATE`.")
            }
        }
        try reader.check()
    }
}
