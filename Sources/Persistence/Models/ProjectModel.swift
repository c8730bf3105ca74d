import Domain
import FluentKit

final class ProjectModel: Model, @unchecked Sendable {
    static let schema = "projects"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "slug") var slug: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "workspace_id") var workspaceID: String
    @Field(key: "created_at") var createdAt: Int64
    @Field(key: "updated_at") var updatedAt: Int64

    init() {}

    init(_ project: Project) {
        id = project.id
        apply(project)
        createdAt = project.createdAt.microseconds
    }

    func apply(_ project: Project) {
        slug = project.slug
        description = project.description
        workspaceID = project.workspaceID
        updatedAt = project.updatedAt.microseconds
    }

    var domain: Project {
        Project(
            id: id!, slug: slug, description: description, workspaceID: workspaceID,
            createdAt: Domain.Timestamp(microseconds: createdAt), updatedAt: Domain.Timestamp(microseconds: updatedAt))
    }
}

/// What is kept of a deleted project.
final class ArchivedProjectModel: Model, @unchecked Sendable {
    static let schema = "archived_projects"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "slug") var slug: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "workspace_id") var workspaceID: String
    /// The environment names the project had, comma-separated.
    @Field(key: "environment_names") var environmentNames: String
    @Field(key: "created_at") var createdAt: Int64
    @Field(key: "archived_at") var archivedAt: Int64

    init() {}

    init(_ project: Project, environments: [Environment], archivedAt: Domain.Timestamp) {
        id = project.id
        slug = project.slug
        description = project.description
        workspaceID = project.workspaceID
        environmentNames = environments.map(\.name).joined(separator: ",")
        createdAt = project.createdAt.microseconds
        self.archivedAt = archivedAt.microseconds
    }
}
