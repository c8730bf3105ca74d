extension ServiceCatalog {
    /// Creates a git service whose source and builder wait as pending changes, as ZaneOps records them: the
    /// `git_source`, then a URL (static sites and Nixpacks or Railpack apps) and `PORT`/`HOST` (apps that are
    /// not static), then the `builder`. The repository must answer with the branch first.
    public func createGitService(in environment: Environment, of project: Project, _ request: CreateGitServiceRequest)
        async throws -> ServiceDetails
    {
        try git.check(request.builder, attr: "builder")
        try await git.check(request.source, credentials: request.credentials)
        let now = clock()
        var service = Service(
            slug: request.slug ?? SlugGenerator.make(), kind: .gitRepository, projectID: project.id,
            environmentID: environment.id, createdAt: now)
        service.webhookSecret = Service.newDeployToken()
        service.gitCredentials = request.credentials
        var values: [(ServiceChange.Field, ServiceChange.Kind, JSONValue)] = [
            (.gitSource, .update, request.source.json)
        ]
        if let port = Self.publishedPort(of: request) {
            let domain = GeneratedDomain.make(project: project, service: service, rootDomain: rootDomain)
            values.append(
                (
                    .urls, .add,
                    .object([
                        "domain": .string(domain), "base_path": "/", "strip_prefix": true,
                        "associated_port": .int(Int64(port)),
                    ])
                ))
        }
        if case .nixpacks(let options) = request.builder, !options.isStatic {
            values += Self.listeningVariables(port: request.exposedPort)
        } else if case .railpack(let options) = request.builder, !options.isStatic {
            values += Self.listeningVariables(port: request.exposedPort)
        }
        values.append((.builder, .update, request.builder.json))
        let changes = values.enumerated().map { offset, value in
            ServiceChange(
                serviceID: service.id, field: value.0, kind: value.1, newValue: value.2, oldValue: nil,
                createdAt: Timestamp(microseconds: now.microseconds + Int64(offset)))
        }
        do {
            try await services.create([service], changes: changes)
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("A service with the slug `\(service.slug)` already exists in this environment.")
        }
        return try await details(of: service, in: environment)
    }

    /// The container port a new git service's URL leads to: 80 for a static site, the app's own port for a
    /// Nixpacks or Railpack app; none for a Dockerfile, which says nothing of its port.
    static func publishedPort(of request: CreateGitServiceRequest) -> Int? {
        switch request.builder {
        case .dockerfile: nil
        case .staticDirectory: 80
        case .nixpacks(let options), .railpack(let options): options.isStatic ? 80 : request.exposedPort
        }
    }

    static func listeningVariables(port: Int) -> [(ServiceChange.Field, ServiceChange.Kind, JSONValue)] {
        [
            (.envVariables, .add, .object(["key": "PORT", "value": .string(String(port))])),
            (.envVariables, .add, .object(["key": "HOST", "value": "0.0.0.0"])),
        ]
    }
}
