import Domain

/// A pending change in words: which setting, and what it becomes.
enum ChangeSummary {
    static func label(_ field: ServiceChange.Field) -> String {
        switch field {
        case .source: "Image"
        case .command: "Command"
        case .healthcheck: "Health check"
        case .resourceLimits: "Resource limits"
        case .volumes: "Volume"
        case .sharedVolumes: "Shared volume"
        case .urls: "URL"
        case .ports: "Port"
        case .envVariables: "Env variable"
        case .configs: "Config file"
        case .gitSource: "Git source"
        case .builder: "Builder"
        }
    }

    static func verb(_ kind: ServiceChange.Kind) -> String {
        switch kind {
        case .add: "add"
        case .update: "change"
        case .delete: "remove"
        }
    }

    /// The value a change sets (or, for a removal, the value it removes).
    static func value(of change: ServiceChange) -> String {
        let value = change.kind == .delete ? change.oldValue : change.newValue
        guard let value, !value.isNull else { return change.field == .command ? "the image's own command" : "none" }
        switch change.field {
        case .source: return value["image"]?.string ?? ""
        case .command: return value.string ?? ""
        case .healthcheck:
            return
                "\(value["type"]?.string ?? "") \(value["value"]?.string ?? ""), every \(value["interval_seconds"]?.int ?? 30) s"
        case .resourceLimits:
            let cpus = value["cpus"]?.double.map { "\($0) CPU" }
            let memory = value["memory"].map { "\($0["value"]?.int ?? 0) \($0["unit"]?.string ?? "")" }
            return [cpus, memory].compactMap { $0 }.joined(separator: ", ")
        case .volumes:
            return "\(value["name"]?.string ?? "") → \(value["container_path"]?.string ?? "")"
        case .sharedVolumes: return value["container_path"]?.string ?? ""
        case .urls:
            let path = value["base_path"]?.string ?? "/"
            let port = value["associated_port"]?.int.map { " → port \($0)" } ?? ""
            return "\(value["domain"]?.string ?? "")\(path == "/" ? "" : path)\(port)"
        case .ports: return "\(value["host"]?.int ?? 0) → \(value["forwarded"]?.int ?? 0)"
        case .envVariables: return "\(value["key"]?.string ?? "")=\(value["value"]?.string ?? "")"
        case .configs: return value["mount_path"]?.string ?? ""
        case .gitSource:
            return "\(value["repository_url"]?.string ?? "") @ \(value["branch_name"]?.string ?? "")"
        case .builder: return value["builder"]?.string ?? ""
        }
    }
}
