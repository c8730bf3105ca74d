/// The variables a deployment's container gets (`deploy.md` §5): shared variables, then the service's
/// (with `{{env.NAME}}` replaced by shared values), then the system ones (with `{{deployment.*}}` replaced).
/// Docker keeps the last value of a repeated key, so later groups win.
public enum ContainerEnvironment {
    public static func variables(of snapshot: DeploymentSnapshot, deployment: Deployment) -> [String] {
        let shared = Dictionary(
            snapshot.sharedVariables.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let deploymentValues = [
            "slot": deployment.slot.rawValue, "hash": deployment.hash, "commit_sha": deployment.commitSHA ?? "",
        ]
        var result = snapshot.sharedVariables.map { "\($0.key)=\($0.value)" }
        result += snapshot.configuration.envVariables.map { variable in
            "\(variable.key)=\(replacingPlaceholders(in: variable.value) { scope, name in scope == "env" ? shared[name] : nil })"
        }
        result += snapshot.systemVariables.map { variable in
            "\(variable.key)=\(replacingPlaceholders(in: variable.value) { scope, name in scope == "deployment" ? deploymentValues[name] : nil })"
        }
        return result
    }

    /// Replaces `{{ scope.name }}` placeholders whose value `lookup` knows; others stay as written. Once the
    /// result passes `EnvVariable.maximumValueBytes`, the rest stays as written too (a value made of many
    /// placeholders of a long shared value would otherwise grow without bound).
    static func replacingPlaceholders(in text: String, lookup: (String, String) -> String?) -> String {
        guard text.contains("{{") else { return text }
        var result = ""
        var rest = Substring(text)
        while result.utf8.count <= EnvVariable.maximumValueBytes, let open = rest.firstRange(of: "{{"),
            let close = rest[open.upperBound...].firstRange(of: "}}")
        {
            result += rest[..<open.lowerBound]
            let inside = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: [" ", "\t"])
            let parts = inside.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2,
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }),
                let value = lookup(String(parts[0]), String(parts[1]))
            {
                result += value
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

/// Splits a command into words as a POSIX shell would (quotes and backslashes), without running a shell.
public enum ShellWords {
    public static func split(_ command: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                // Inside double quotes a backslash only escapes `"` and itself (as Python's shlex does).
                if quote == "\"" && character != "\"" && character != "\\" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
