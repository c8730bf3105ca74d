/// Projects of the caller's workspace.
public struct ProjectService: Sendable {
    let projects: any ProjectRepository
    let orphans: any OrphanRemoval
    let clock: @Sendable () -> Timestamp

    public init(
        projects: any ProjectRepository, orphans: any OrphanRemoval,
        clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) {
        self.orphans = orphans
        self.projects = projects
        self.clock = clock
    }

    public func list(workspaceID: String, _ query: ListProjectsQuery) async throws -> [ProjectSummary] {
        try await projects.projects(
            workspaceID: workspaceID, slugContaining: query.slugContaining, orderedBy: query.ordering)
    }

    public func summary(slug: String, workspaceID: String) async throws -> ProjectSummary {
        try await summary(of: try await find(slug: slug, workspaceID: workspaceID))
    }

    func summary(of project: Project) async throws -> ProjectSummary {
        ProjectSummary(
            project: project, environments: try await projects.environments(projectID: project.id),
            services: try await projects.serviceCounts(projectID: project.id))
    }

    public func find(slug: String, workspaceID: String) async throws -> Project {
        guard let project = try await projects.project(slug: slug.lowercased(), workspaceID: workspaceID) else {
            throw DomainError.notFound("A project with the slug `\(slug.lowercased())` does not exist")
        }
        return project
    }

    /// Creates the project with its `production` environment. A taken slug becomes the first free
    /// `slug-2`, `slug-3`…; a generated one is drawn again. Racing requests never share a slug.
    public func create(workspaceID: String, _ request: CreateProjectRequest) async throws -> ProjectSummary {
        for _ in 0..<20 {
            let slug = try await freeSlug(
                startingFrom: request.slug ?? SlugGenerator.make(), generated: request.slug == nil)
            let now = clock()
            let project = Project(
                slug: slug, description: request.description, workspaceID: workspaceID, createdAt: now, updatedAt: now)
            let production = Environment(projectID: project.id, name: Environment.production, createdAt: now)
            do {
                try await projects.create(project, environments: [production])
                return ProjectSummary(project: project, environments: [production])
            } catch is UniqueConstraintViolation {
                continue  // another request took the slug between the read and the write
            }
        }
        throw DomainError.conflict("Could not find a free slug for this project, please use another one.")
    }

    public func update(_ project: Project, _ request: UpdateProjectRequest) async throws -> ProjectSummary {
        var project = project
        project.slug = request.slug ?? project.slug
        project.description = request.description ?? project.description
        project.updatedAt = clock()
        do {
            try await projects.update(project)
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("The slug `\(project.slug)` is already used by another project.")
        }
        return try await summary(of: project)
    }

    public func archive(slug: String, workspaceID: String) async throws {
        let project = try await find(slug: slug, workspaceID: workspaceID)
        try await projects.archive(project, at: clock())
        Task { [orphans] in await orphans.removeOrphans() }
    }

    func freeSlug(startingFrom base: String, generated: Bool) async throws -> String {
        if generated {
            var candidate = base
            while try await projects.slugs(startingWith: candidate).contains(candidate) {
                candidate = SlugGenerator.make()
            }
            return candidate
        }
        let taken = try await projects.slugs(startingWith: String(base.prefix(240)))
        if !taken.contains(base) { return base }
        var suffix = 2
        while true {
            let tail = "-\(suffix)"
            let candidate = String(base.prefix(255 - tail.count)) + tail
            if !taken.contains(candidate) { return candidate }
            suffix += 1
        }
    }
}
