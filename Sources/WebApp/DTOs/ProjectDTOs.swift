import Domain

/// The project object of the API (§2.1), always with its counters.
struct ProjectDTO: JSONWritable {
    let summary: ProjectSummary

    init(_ summary: ProjectSummary) { self.summary = summary }

    func write(to writer: inout JSONWriter) {
        let project = summary.project
        writer.object { object in
            object.field("id", project.id)
            object.field("slug", project.slug)
            object.field("description", project.description)
            object.field("created_at", project.createdAt.iso8601)
            object.field("updated_at", project.updatedAt.iso8601)
            object.field("environments", summary.environments.map(EnvironmentItemDTO.init))
            object.field("healthy_services", summary.services.healthy)
            object.field("total_services", summary.services.total)
            object.field("total_stack_services", 0)
            object.field("healthy_stack_services", 0)
        }
    }
}

/// An environment as a project lists it.
struct EnvironmentItemDTO: JSONWritable {
    let environment: Environment

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", environment.id)
            object.field("name", environment.name)
            object.field("is_preview", environment.isPreview)
            object.field("created_at", environment.createdAt.iso8601)
        }
    }
}

/// The environment object (§3.1), with its shared variables.
struct EnvironmentDTO: JSONWritable {
    let environment: Environment
    let variables: [SharedVariable]

    init(_ environment: Environment, variables: [SharedVariable]) {
        self.environment = environment
        self.variables = variables
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", environment.id)
            object.field("name", environment.name)
            object.field("is_preview", environment.isPreview)
            object.field("variables", variables.map(SharedVariableDTO.init))
            object.field("preview_metadata", JSONNull())
        }
    }
}

struct SharedVariableDTO: JSONWritable {
    let variable: SharedVariable

    init(_ variable: SharedVariable) { self.variable = variable }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("id", variable.id)
            object.field("key", variable.key)
            object.field("value", variable.value)
        }
    }
}
