/// Shared syntax rules for names that the API accepts.
public enum Rules {
    public static let invalidSlugDetail =
        "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."

    /// `^[-a-zA-Z0-9_]+$`
    public static func isSlug(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// `^[A-Za-z_][A-Za-z0-9_]*$`
    public static func isVariableName(_ text: String) -> Bool {
        guard let first = text.utf8.first, isASCIILetter(first) || first == UInt8(ascii: "_") else { return false }
        return text.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }

    /// Django's username rule: letters (Unicode), digits and `@ . + - _`.
    public static func isUsername(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
                    || "@.+-_".unicodeScalars.contains(scalar)
            }
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension InputReader {
    /// A slug field: string rules, then the slug pattern; lower-cased.
    public mutating func slug(_ key: String, required: Bool = false, maxLength: Int = 255) -> String? {
        guard let value = string(key, required: required, maxLength: maxLength) else {
            if let raw = object[key], case .string(let text) = raw, text.count > maxLength, !Rules.isSlug(text) {
                fail(key, Rules.invalidSlugDetail)
            }
            return nil
        }
        guard Rules.isSlug(value) else {
            fail(key, Rules.invalidSlugDetail)
            return nil
        }
        return value.lowercased()
    }
}
