/// A configuration rewritten as the change values that recreate it in another environment (see `ServiceCatalog.copies`).
struct ClonedConfiguration {
    var changes: [(field: ServiceChange.Field, newValue: JSONValue?)] = []

    init(_ configuration: ServiceConfiguration, generatedDomain: () -> String) {
        if let source = configuration.gitSource {
            // A git service's image is built from its source; the clone builds its own.
            changes.append((.gitSource, source.json))
            if let builder = configuration.builder { changes.append((.builder, builder.json)) }
        } else if let image = configuration.image {
            changes.append((.source, .object(["image": .string(image)])))
        }
        if let command = configuration.command { changes.append((.command, .string(command))) }
        if let healthcheck = configuration.healthcheck {
            changes.append((.healthcheck, Self.withoutID(healthcheck.json)))
        }
        if let limits = configuration.resourceLimits {
            changes.append((.resourceLimits, Self.withoutNulls(limits.json)))
        }
        for url in configuration.urls where url.redirect == nil {
            var value = Self.withoutID(url.json)
            value = Self.setting("domain", .string(generatedDomain()), in: Self.withoutNulls(value))
            changes.append((.urls, value))
        }
        for volume in configuration.volumes { changes.append((.volumes, Self.withoutID(volume.json))) }
        for config in configuration.configs {
            changes.append((.configs, Self.withoutNulls(Self.removing(["id", "version"], from: config.json))))
        }
        for variable in configuration.envVariables { changes.append((.envVariables, Self.withoutID(variable.json))) }
    }

    static func withoutID(_ value: JSONValue) -> JSONValue { removing(["id"], from: value) }

    static func removing(_ keys: Set<String>, from value: JSONValue) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields.filter { !keys.contains($0.key) })
    }

    static func withoutNulls(_ value: JSONValue) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields.filter { $0.value != .null })
    }

    static func setting(_ key: String, _ newValue: JSONValue, in value: JSONValue) -> JSONValue {
        guard case .object(var fields) = value else { return value }
        fields[key] = newValue
        return .object(fields)
    }
}

/// The domain a URL gets when none is given: `<project slug>-<service slug>-<10 random [a-z0-9]>.<root domain>`,
/// its first label cut to the 63 characters DNS allows.
public enum GeneratedDomain {
    public static func make(project: Project, service: Service, rootDomain: String) -> String {
        let label =
            String("\(project.slug)-\(service.slug)-".prefix(53))
            + RandomID.random(10, from: RandomID.lowercaseAlphanumerics)
        return "\(label).\(rootDomain)"
    }
}
