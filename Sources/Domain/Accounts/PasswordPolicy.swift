import Foundation

/// Django's password validators (similarity, common, numeric) plus ZaneOps' character-variety rule.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    private let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) { self.commonPasswords = commonPasswords }

    /// The policy with Django's list of about 20,000 common passwords.
    public static let standard = PasswordPolicy(commonPasswords: loadCommonPasswords())

    /// Errors for `password` on `attr`; `userAttributes` are the (name, value) pairs the password must not resemble.
    public func violations(of password: String, attr: String, userAttributes: [(String, String)] = []) -> [FieldError] {
        var errors: [FieldError] = []
        if let similar = userAttributes.first(where: { isTooSimilar(password, to: $0.1) }) {
            errors.append(
                .init(
                    code: "password_too_similar", detail: "The password is too similar to the \(similar.0).", attr: attr
                ))
        }
        if commonPasswords.contains(password.lowercased().trimmingCharacters(in: .whitespaces)) {
            errors.append(.init(code: "password_too_common", detail: "This password is too common.", attr: attr))
        }
        if password.allSatisfy(\.isNumber) {
            errors.append(
                .init(code: "password_entirely_numeric", detail: "This password is entirely numeric.", attr: attr))
        }
        if errors.isEmpty && characterKinds(in: password) < 2 {
            errors.append(
                .invalid(
                    attr,
                    "Password must contain at least 2 different types of characters (uppercase letters, lowercase letters, numbers, or symbols)."
                ))
        }
        return errors
    }

    func characterKinds(in password: String) -> Int {
        let kinds: [(Character) -> Bool] = [\.isLowercase, \.isUppercase, \.isNumber, { !$0.isLetter && !$0.isNumber }]
        return kinds.filter { password.contains(where: $0) }.count
    }

    /// Django's `UserAttributeSimilarityValidator` with `max_similarity = 0.7`.
    func isTooSimilar(_ password: String, to value: String, maxSimilarity: Double = 0.7) -> Bool {
        let lowered = value.lowercased()
        guard !lowered.isEmpty else { return false }
        let parts =
            lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init) + [lowered]
        let passwordLowered = password.lowercased()
        for part in parts where !part.isEmpty {
            let lengthBound = maxSimilarity / 2 * Double(password.count)
            if password.count >= 10 * part.count && Double(part.count) < lengthBound { continue }
            if quickRatio(passwordLowered, part) >= maxSimilarity { return true }
        }
        return false
    }

    /// difflib's `SequenceMatcher.quick_ratio`: an upper bound on similarity from character counts.
    func quickRatio(_ a: String, _ b: String) -> Double {
        var counts: [Character: Int] = [:]
        for character in b { counts[character, default: 0] += 1 }
        var matches = 0
        for character in a {
            if let available = counts[character], available > 0 {
                counts[character] = available - 1
                matches += 1
            }
        }
        let total = a.count + b.count
        return total == 0 ? 1 : 2 * Double(matches) / Double(total)
    }

    static func loadCommonPasswords() -> Set<String> {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0) })
    }
}
