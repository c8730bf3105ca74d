import Domain

/// The project object of the API (§2.1), always with its counters.
struct ProjectDTO: Encodable {
    struct EnvironmentItem: Encodable {
        var id: String
        var name: String
        var is_preview: Bool
        var created_at: String
    }

    var id: String
    var slug: String
    var description: String?
    var created_at: String
    var updated_at: String
    var environments: [EnvironmentItem]
    var healthy_services = 0
    var total_services = 0
    var total_stack_services = 0
    var healthy_stack_services = 0

    init(_ summary: ProjectSummary) {
        let project = summary.project
        id = project.id
        slug = project.slug
        description = project.description
        created_at = project.createdAt.iso8601
        updated_at = project.updatedAt.iso8601
        environments = summary.environments.map {
            EnvironmentItem(id: $0.id, name: $0.name, is_preview: $0.isPreview, created_at: $0.createdAt.iso8601)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(slug, forKey: .slug)
        try container.encode(description, forKey: .description)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(updated_at, forKey: .updated_at)
        try container.encode(environments, forKey: .environments)
        try container.encode(healthy_services, forKey: .healthy_services)
        try container.encode(total_services, forKey: .total_services)
        try container.encode(total_stack_services, forKey: .total_stack_services)
        try container.encode(healthy_stack_services, forKey: .healthy_stack_services)
    }

    enum CodingKeys: String, CodingKey {
        case id, slug, description, created_at, updated_at, environments
        case healthy_services, total_services, total_stack_services, healthy_stack_services
    }
}

/// The environment object (§3.1), with its shared variables.
struct EnvironmentDTO: Encodable {
    var id: String
    var name: String
    var is_preview: Bool
    var variables: [SharedVariableDTO]
    var preview_metadata: String? = nil

    init(_ environment: Environment, variables: [SharedVariable]) {
        id = environment.id
        name = environment.name
        is_preview = environment.isPreview
        self.variables = variables.map(SharedVariableDTO.init)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(is_preview, forKey: .is_preview)
        try container.encode(variables, forKey: .variables)
        try container.encode(preview_metadata, forKey: .preview_metadata)
    }

    enum CodingKeys: String, CodingKey { case id, name, is_preview, variables, preview_metadata }
}

struct SharedVariableDTO: Encodable {
    var id: String
    var key: String
    var value: String

    init(_ variable: SharedVariable) {
        id = variable.id
        key = variable.key
        value = variable.value
    }
}
