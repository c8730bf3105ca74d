import Foundation

extension InputReader {
    /// An integer field with DRF's coercion: `"12"` and `12.0` are 12; booleans and fractions are refused.
    public mutating func int(_ key: String, required: Bool = false, min: Int? = nil, max: Int? = nil) -> Int? {
        guard let raw = object[key] else {
            if required { errors.append(.required(attr(key))) }
            return nil
        }
        let value: Int?
        switch raw {
        case .int(let number): value = Int(exactly: number)
        case .double(let number): value = number.rounded() == number ? Int(exactly: number) : nil
        case .string(let text): value = Int(Self.trimmingDecimalZeros(text.trimmingCharacters(in: .whitespaces)))
        case .null:
            fail(key, code: "null", "This field may not be null.")
            return nil
        default: value = nil
        }
        guard let value else {
            fail(key, "A valid integer is required.")
            return nil
        }
        if let min, value < min {
            fail(key, code: "min_value", "Ensure this value is greater than or equal to \(min).")
            return nil
        }
        if let max, value > max {
            fail(key, code: "max_value", "Ensure this value is less than or equal to \(max).")
            return nil
        }
        return value
    }

    /// A number field (DRF `FloatField`).
    public mutating func double(_ key: String, min: Double? = nil) -> Double? {
        guard let raw = object[key] else { return nil }
        let value: Double?
        switch raw {
        case .int(let number): value = Double(number)
        case .double(let number): value = number
        case .string(let text): value = Double(text.trimmingCharacters(in: .whitespaces))
        case .null:
            fail(key, code: "null", "This field may not be null.")
            return nil
        default: value = nil
        }
        guard let value, value.isFinite else {
            fail(key, "A valid number is required.")
            return nil
        }
        if let min, value < min {
            fail(key, code: "min_value", "Ensure this value is greater than or equal to \(min).")
            return nil
        }
        return value
    }

    /// One of a fixed set of string values.
    public mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, required: Bool = false, as type: Choice.Type
    )
        -> Choice? where Choice.RawValue == String
    {
        guard let text = string(key, required: required) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            fail(key, code: "invalid_choice", "\"\(text)\" is not a valid choice.")
            return nil
        }
        return choice
    }

    /// A nested object, read by a reader whose errors carry `<key>.` before their attr. `.none` when absent;
    /// `.some(nil)` when null and `nullable`.
    public mutating func nested(_ key: String, required: Bool = false, nullable: Bool = false) -> InputReader?? {
        guard let raw = object[key] else {
            if required { errors.append(.required(attr(key))) }
            return .none
        }
        switch raw {
        case .object(let fields): return .some(InputReader(fields, prefix: attr(key) + "."))
        case .null where nullable: return .some(nil)
        case .null:
            fail(key, code: "null", "This field may not be null.")
            return .none
        default:
            fail(key + ".non_field_errors", "Invalid data. Expected a dictionary, but got \(raw.typeName).")
            return .none
        }
    }

    /// Takes the errors a nested reader collected.
    public mutating func absorb(_ nested: InputReader) { errors += nested.errors }

    private static func trimmingDecimalZeros(_ text: String) -> String {
        guard let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else {
            return text
        }
        return String(text[..<dot])
    }
}
