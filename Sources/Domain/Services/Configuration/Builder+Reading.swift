extension Builder {
    static let repositoryPathDetail = "Should be a relative path inside the repository, like `./Dockerfile`."

    /// A builder and its options from flat keys (`create-service/git`'s body, or a `builder` change's
    /// `new_value`), with ZaneOps's defaults for every key left out. nil when a key is invalid (recorded).
    static func read(_ reader: inout InputReader) -> Builder? {
        let kind = reader.choice("builder", as: Kind.self) ?? .dockerfile
        let builder: Builder
        switch kind {
        case .dockerfile:
            var options = DockerfileOptions()
            options.dockerfilePath = reader.repositoryPath("dockerfile_path") ?? options.dockerfilePath
            options.buildContextDir = reader.repositoryPath("build_context_dir") ?? options.buildContextDir
            options.buildStageTarget = reader.nullableString("build_stage_target", maxLength: 255) ?? nil
            builder = .dockerfile(options)
        case .staticDirectory:
            var options = StaticDirectoryOptions()
            options.publishDirectory = reader.repositoryPath("publish_directory") ?? options.publishDirectory
            options.isSPA = reader.bool("is_spa") ?? options.isSPA
            options.notFoundPage = reader.nullableRepositoryPath("not_found_page")
            options.indexPage = reader.repositoryPath("index_page") ?? options.indexPage
            builder = .staticDirectory(options)
        case .nixpacks, .railpack:
            var options = AppBuildOptions()
            options.buildDirectory = reader.repositoryPath("build_directory") ?? options.buildDirectory
            options.isStatic = reader.bool("is_static") ?? options.isStatic
            options.isSPA = reader.bool("is_spa") ?? options.isSPA
            options.publishDirectory = reader.repositoryPath("publish_directory") ?? options.publishDirectory
            options.notFoundPage = reader.nullableRepositoryPath("not_found_page")
            options.indexPage = reader.nullableRepositoryPath("index_page")
            options.customInstallCommand = reader.nullableString("custom_install_command", maxLength: 1024) ?? nil
            options.customBuildCommand = reader.nullableString("custom_build_command", maxLength: 1024) ?? nil
            options.customStartCommand = reader.nullableString("custom_start_command", maxLength: 1024) ?? nil
            builder = kind == .nixpacks ? .nixpacks(options) : .railpack(options)
        }
        return reader.errors.isEmpty ? builder : nil
    }

    /// A path that stays inside the repository once `.` and `..` are resolved (`./`, `app/Dockerfile`).
    static func isRepositoryPath(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), path.utf8.count <= 1024, !path.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return false }
        var depth = 0
        for part in path.split(separator: "/") where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { return false }
        }
        return true
    }
}

extension InputReader {
    mutating func repositoryPath(_ key: String) -> String? {
        string(key, maxLength: 1024).flatMap { checkedRepositoryPath($0, key) }
    }

    mutating func nullableRepositoryPath(_ key: String) -> String? {
        guard case .some(.some(let path)) = nullableString(key, maxLength: 1024) else { return nil }
        return checkedRepositoryPath(path, key)
    }

    mutating func checkedRepositoryPath(_ path: String, _ key: String) -> String? {
        guard Builder.isRepositoryPath(path) else {
            fail(key, Builder.repositoryPathDetail)
            return nil
        }
        return path
    }
}
