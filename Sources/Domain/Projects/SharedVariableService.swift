/// Variables shared by every service of an environment.
public struct SharedVariableService: Sendable {
    let environments: any EnvironmentRepository

    public init(environments: any EnvironmentRepository) { self.environments = environments }

    public func list(_ environment: Environment) async throws -> [SharedVariable] {
        try await environments.variables(environmentID: environment.id)
    }

    public func find(id: String, in environment: Environment) async throws -> SharedVariable {
        guard let variable = try await list(environment).first(where: { $0.id == id }) else {
            throw DomainError.notFound("A variable with the id `\(id)` does not exist in this environment")
        }
        return variable
    }

    public func create(in environment: Environment, _ request: SharedVariableRequest) async throws -> SharedVariable {
        let variable = SharedVariable(environmentID: environment.id, key: request.key!, value: request.value ?? "")
        try await save(variable, isNew: true)
        return variable
    }

    /// Applies the fields present in `request`; absent ones keep their value.
    public func update(id: String, in environment: Environment, _ request: SharedVariableRequest) async throws
        -> SharedVariable
    {
        var variable = try await find(id: id, in: environment)
        variable.key = request.key ?? variable.key
        variable.value = request.value ?? variable.value
        try await save(variable, isNew: false)
        return variable
    }

    public func delete(id: String, in environment: Environment) async throws {
        _ = try await find(id: id, in: environment)
        try await environments.deleteVariable(id: id, environmentID: environment.id)
    }

    func save(_ variable: SharedVariable, isNew: Bool) async throws {
        do {
            try await environments.save(variable, isNew: isNew)
        } catch is UniqueConstraintViolation {
            throw DomainError.conflict("Duplicate variable names are not allowed in the same environment")
        }
    }
}
