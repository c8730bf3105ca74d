/// Reads the fields of one JSON object with Django REST framework's coercion rules, collecting every
/// error with its `attr` instead of stopping at the first.
public struct InputReader {
    public let object: [String: JSONValue]
    private let prefix: String
    public internal(set) var errors: [FieldError] = []

    public init(_ object: [String: JSONValue], prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    /// A reader over a request body that must be an object (`{}` when there is no body).
    public init(body: JSONValue?) throws(DomainError) {
        switch body {
        case nil: self.init([:])
        case .object(let fields)?: self.init(fields)
        case let other?:
            throw .invalid("non_field_errors", "Invalid data. Expected a dictionary, but got \(other.typeName).")
        }
    }

    public func attr(_ key: String) -> String { prefix + key }

    public func contains(_ key: String) -> Bool { object[key] != nil }

    public mutating func fail(_ key: String, code: String = "invalid", _ detail: String) {
        errors.append(FieldError(code: code, detail: detail, attr: attr(key)))
    }

    /// Throws the collected errors, if any.
    public func check() throws(DomainError) {
        if !errors.isEmpty { throw .validation(errors) }
    }

    /// A string field: numbers become text, whitespace is trimmed, blank and length rules apply.
    /// Returns nil when the field is absent or invalid (the error is recorded).
    public mutating func string(
        _ key: String, required: Bool = false, allowBlank: Bool = false, trim: Bool = true,
        minLength: Int? = nil, maxLength: Int? = nil
    ) -> String? {
        guard let raw = object[key] else {
            if required { errors.append(.required(attr(key))) }
            return nil
        }
        var text: String
        switch raw {
        case .string(let value): text = value
        case .int(let value): text = String(value)
        case .double(let value): text = String(value)
        case .null:
            fail(key, code: "null", "This field may not be null.")
            return nil
        default:
            fail(key, "Not a valid string.")
            return nil
        }
        if text.utf8.contains(0) {
            fail(key, code: "null_characters_not_allowed", "Null characters are not allowed.")
            return nil
        }
        if trim { text = text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if text.isEmpty {
            if !allowBlank { fail(key, code: "blank", "This field may not be blank.") }
            return allowBlank ? "" : nil
        }
        let before = errors.count
        if let maxLength, text.count > maxLength {
            fail(key, code: "max_length", "Ensure this field has no more than \(maxLength) characters.")
        }
        if let minLength, text.count < minLength {
            fail(key, code: "min_length", "Ensure this field has at least \(minLength) characters.")
        }
        return errors.count == before ? text : nil
    }

    /// A string field that may also be `null`: `.none` when absent, `.some(nil)` for null.
    public mutating func nullableString(_ key: String, allowBlank: Bool = false, maxLength: Int? = nil) -> String?? {
        guard let raw = object[key] else { return .none }
        if raw == .null { return .some(nil) }
        guard let text = string(key, allowBlank: allowBlank, maxLength: maxLength) else { return .none }
        return .some(text)
    }

    /// A boolean field accepting DRF's spellings (`"yes"`, `"off"`, `1`…).
    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let raw = object[key] else {
            if required { errors.append(.required(attr(key))) }
            return nil
        }
        switch raw {
        case .bool(let value): return value
        case .int(1): return true
        case .int(0): return false
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "t", "yes", "y", "on", "1": return true
            case "false", "f", "no", "n", "off", "0": return false
            default: break
            }
        case .null:
            fail(key, code: "null", "This field may not be null.")
            return nil
        default: break
        }
        fail(key, "Must be a valid boolean.")
        return nil
    }
}
