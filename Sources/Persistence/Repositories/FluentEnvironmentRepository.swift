import Domain
import FluentKit

/// Environments and shared variables in the Fluent database.
public struct FluentEnvironmentRepository: EnvironmentRepository {
    let database: any Database
    let sealer: any SecretSealer

    public init(database: any Database, sealer: any SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    public func environment(projectID: String, name: String) async throws -> Environment? {
        try await EnvironmentModel.query(on: database).filter(\.$projectID == projectID).filter(\.$name == name)
            .first()?.domain
    }

    public func environment(id: String) async throws -> Environment? {
        try await EnvironmentModel.find(id, on: database)?.domain
    }

    public func create(
        _ environment: Environment, variables: [SharedVariable], services: [Service], changes: [ServiceChange],
        touching project: Project
    ) async throws {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                try await EnvironmentModel(environment).create(on: db)
                for variable in variables { try await SharedVariableModel(variable, sealer: sealer).create(on: db) }
                for service in services { try await ServiceModel(service, sealer: sealer).create(on: db) }
                for change in changes { try await ServiceChangeModel(change, sealer: sealer).create(on: db) }
                try await Self.touch(project, on: db)
            }
        }
    }

    public func rename(_ environment: Environment, touching project: Project) async throws {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                try await EnvironmentModel.query(on: db).filter(\.$id == environment.id).set(
                    \.$name, to: environment.name
                ).update()
                try await Self.touch(project, on: db)
            }
        }
    }

    public func delete(_ environment: Environment, touching project: Project) async throws {
        try await database.writeTransaction { db in
            try await EnvironmentModel.query(on: db).filter(\.$id == environment.id).delete()
            try await Self.touch(project, on: db)
        }
    }

    public func variables(environmentID: String) async throws -> [SharedVariable] {
        try await SharedVariableModel.query(on: database).filter(\.$environmentID == environmentID).sort(\.$key).all()
            .map { try $0.domain(sealer) }
    }

    public func save(_ variable: SharedVariable, isNew: Bool) async throws {
        try await mappingUniqueViolation {
            if isNew {
                try await SharedVariableModel(variable, sealer: sealer).create(on: database)
            } else {
                try await SharedVariableModel.query(on: database).filter(\.$id == variable.id)
                    .set(\.$key, to: variable.key).set(\.$value, to: try sealer.seal(variable.value)).update()
            }
        }
    }

    public func deleteVariable(id: String, environmentID: String) async throws {
        try await SharedVariableModel.query(on: database).filter(\.$id == id).filter(\.$environmentID == environmentID)
            .delete()
    }

    static func touch(_ project: Project, on db: any Database) async throws {
        try await ProjectModel.query(on: db).filter(\.$id == project.id).set(
            \.$updatedAt, to: project.updatedAt.microseconds
        ).update()
    }
}
