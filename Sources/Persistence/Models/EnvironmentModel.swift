import Domain
import FluentKit

final class EnvironmentModel: Model, @unchecked Sendable {
    static let schema = "environments"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "project_id") var projectID: String
    @Field(key: "name") var name: String
    @Field(key: "is_preview") var isPreview: Bool
    @Field(key: "created_at") var createdAt: Int64

    init() {}

    init(_ environment: Environment) {
        id = environment.id
        projectID = environment.projectID
        name = environment.name
        isPreview = environment.isPreview
        createdAt = environment.createdAt.microseconds
    }

    var domain: Environment {
        Environment(
            id: id!, projectID: projectID, name: name, isPreview: isPreview,
            createdAt: Domain.Timestamp(microseconds: createdAt))
    }
}

final class SharedVariableModel: Model, @unchecked Sendable {
    static let schema = "shared_variables"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "environment_id") var environmentID: String
    @Field(key: "key") var key: String
    /// Sealed with the server's key.
    @Field(key: "value") var value: String

    init() {}

    init(_ variable: SharedVariable, sealer: any SecretSealer) throws {
        id = variable.id
        environmentID = variable.environmentID
        key = variable.key
        value = try sealer.seal(variable.value)
    }

    func domain(_ sealer: any SecretSealer) throws -> SharedVariable {
        SharedVariable(id: id!, environmentID: environmentID, key: key, value: try sealer.open(value))
    }
}
