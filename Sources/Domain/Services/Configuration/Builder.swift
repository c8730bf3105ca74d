/// How a git service's image is built from its repository, with that builder's options.
public enum Builder: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case dockerfile = "DOCKERFILE"
        case staticDirectory = "STATIC_DIR"
        case nixpacks = "NIXPACKS"
        case railpack = "RAILPACK"
    }

    case dockerfile(DockerfileOptions)
    case staticDirectory(StaticDirectoryOptions)
    case nixpacks(AppBuildOptions)
    case railpack(AppBuildOptions)

    public var kind: Kind {
        switch self {
        case .dockerfile: .dockerfile
        case .staticDirectory: .staticDirectory
        case .nixpacks: .nixpacks
        case .railpack: .railpack
        }
    }

    /// `{"builder", "options"}`, as the `builder` change records it.
    public init?(json: JSONValue) {
        guard let kind = json["builder"]?.string.flatMap(Kind.init(rawValue:)) else { return nil }
        let options = json["options"] ?? .object([:])
        switch kind {
        case .dockerfile: self = .dockerfile(DockerfileOptions(json: options))
        case .staticDirectory: self = .staticDirectory(StaticDirectoryOptions(json: options))
        case .nixpacks: self = .nixpacks(AppBuildOptions(json: options))
        case .railpack: self = .railpack(AppBuildOptions(json: options))
        }
    }

    public var json: JSONValue { .object(["builder": .string(kind.rawValue), "options": optionsJSON]) }

    public var optionsJSON: JSONValue {
        switch self {
        case .dockerfile(let options): options.json
        case .staticDirectory(let options): options.json
        case .nixpacks(let options), .railpack(let options): options.json
        }
    }
}

/// A `Dockerfile` in the repository, built with a directory of it as context.
public struct DockerfileOptions: Hashable, Sendable {
    public var dockerfilePath = "./Dockerfile"
    public var buildContextDir = "./"
    public var buildStageTarget: String?

    public init() {}

    init(json: JSONValue) {
        dockerfilePath = json["dockerfile_path"]?.string ?? dockerfilePath
        buildContextDir = json["build_context_dir"]?.string ?? buildContextDir
        buildStageTarget = json["build_stage_target"]?.string
    }

    var json: JSONValue {
        .object([
            "dockerfile_path": .string(dockerfilePath), "build_context_dir": .string(buildContextDir),
            "build_stage_target": buildStageTarget.map(JSONValue.string) ?? .null,
        ])
    }
}

/// A directory of the repository served as it is by a Caddy-based image.
public struct StaticDirectoryOptions: Hashable, Sendable {
    public var publishDirectory = "./"
    public var isSPA = false
    public var notFoundPage: String?
    public var indexPage = "./index.html"

    public init() {}

    init(json: JSONValue) {
        publishDirectory = json["publish_directory"]?.string ?? publishDirectory
        isSPA = json["is_spa"]?.bool ?? isSPA
        notFoundPage = json["not_found_page"]?.string
        indexPage = json["index_page"]?.string ?? indexPage
    }

    var json: JSONValue {
        .object([
            "publish_directory": .string(publishDirectory), "is_spa": .bool(isSPA),
            "not_found_page": notFoundPage.map(JSONValue.string) ?? .null, "index_page": .string(indexPage),
            "generated_caddyfile": .string(StaticSiteFiles.caddyfile(self)),
        ])
    }
}

/// An app whose build plan a tool (Nixpacks, Railpack) derives from the repository.
public struct AppBuildOptions: Hashable, Sendable {
    public var buildDirectory = "./"
    public var isStatic = false
    public var isSPA = false
    public var publishDirectory = "./dist"
    public var notFoundPage: String?
    public var indexPage: String?
    public var customInstallCommand: String?
    public var customBuildCommand: String?
    public var customStartCommand: String?

    public init() {}

    init(json: JSONValue) {
        buildDirectory = json["build_directory"]?.string ?? buildDirectory
        isStatic = json["is_static"]?.bool ?? isStatic
        isSPA = json["is_spa"]?.bool ?? isSPA
        publishDirectory = json["publish_directory"]?.string ?? publishDirectory
        notFoundPage = json["not_found_page"]?.string
        indexPage = json["index_page"]?.string
        customInstallCommand = json["custom_install_command"]?.string
        customBuildCommand = json["custom_build_command"]?.string
        customStartCommand = json["custom_start_command"]?.string
    }

    var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var site = StaticDirectoryOptions()
        site.isSPA = isSPA
        site.notFoundPage = notFoundPage
        site.indexPage = indexPage ?? site.indexPage
        return .object([
            "build_directory": .string(buildDirectory), "is_static": .bool(isStatic), "is_spa": .bool(isSPA),
            "publish_directory": .string(publishDirectory), "not_found_page": text(notFoundPage),
            "index_page": text(indexPage), "custom_install_command": text(customInstallCommand),
            "custom_build_command": text(customBuildCommand), "custom_start_command": text(customStartCommand),
            "generated_caddyfile": isStatic ? .string(StaticSiteFiles.caddyfile(site)) : .null,
        ])
    }
}
