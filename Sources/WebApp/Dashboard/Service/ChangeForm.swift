import Domain

/// A settings form as the change request the API takes: `field`, `type`, `item_id`, and `new_value.<key>`
/// inputs (a dot nests, as in `new_value.memory.value`). A blank input means "not given", except for a
/// variable's value and a file's contents, which may be blank; `clear` asks for the setting's removal.
enum ChangeForm {
    static let controlFields: Set<String> = ["scope", "tab", "clear", "forget_access_token"]
    static let blankAllowed: Set<String> = ["new_value.value", "new_value.contents"]
    static let maximumDepth = 4

    static func request(from fields: [String: JSONValue]) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for (name, value) in fields where !controlFields.contains(name) {
            if value.string?.trimmingCharacters(in: .whitespaces).isEmpty ?? false, !blankAllowed.contains(name) {
                continue
            }
            let path = name.split(separator: ".").map(String.init)
            // No form of the dashboard nests deeper; a hostile key cannot make the recursion deep.
            guard path.count <= maximumDepth else { continue }
            set(value, at: path, in: &object)
        }
        let field = fields["field"]?.string
        if fields["clear"] != nil || (field == "command" && object["new_value"] == nil) {
            object["new_value"] = .null
        }
        // A blank token keeps the service's own; the box forgets it.
        if field == "git_source", fields["forget_access_token"] != nil, case .object(var source)? = object["new_value"]
        {
            source["access_token"] = .null
            object["new_value"] = .object(source)
        }
        if field == "resource_limits", case .object(var limits)? = object["new_value"] {
            if limits["memory"]?["value"] == nil { limits["memory"] = nil }
            object["new_value"] = .object(limits)
        }
        // The health check form has one port input for both kinds; a command check takes none.
        if field == "healthcheck", case .object(var check)? = object["new_value"], check["type"] == "COMMAND" {
            check["associated_port"] = nil
            object["new_value"] = .object(check)
        }
        if field == "healthcheck" || field == "resource_limits", object["new_value"] == nil {
            object["new_value"] = .object([:])
        }
        return object
    }

    static func set(_ value: JSONValue, at path: [String], in object: inout [String: JSONValue]) {
        guard let key = path.first else { return }
        guard path.count > 1 else {
            object[key] = value
            return
        }
        var nested: [String: JSONValue] = [:]
        if case .object(let existing)? = object[key] { nested = existing }
        set(value, at: Array(path.dropFirst()), in: &nested)
        object[key] = .object(nested)
    }

    /// The submitted values by input name, to show again beside their errors.
    /// A token is never written back into a page.
    static func values(_ fields: [String: JSONValue]) -> [String: String] {
        fields.filter { !$0.key.hasSuffix("access_token") }.compactMapValues(\.string)
    }
}
