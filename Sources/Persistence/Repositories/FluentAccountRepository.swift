import Domain
import FluentKit
import SQLKit

/// Users, workspaces and memberships in the Fluent database.
public struct FluentAccountRepository: AccountRepository {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func anyUserExists() async throws -> Bool {
        try await UserModel.query(on: database).first() != nil
    }

    public func createInitialUser(_ user: NewUser, workspace: Workspace) async throws -> User {
        do {
            return try await database.writeTransaction { db in
                try await db.sql.insert(into: "install_markers").columns("id", "created_at")
                    .values(SQLBind("initial_user"), SQLBind(user.createdAt.microseconds)).run()
                guard try await UserModel.query(on: db).first() == nil else { throw UniqueConstraintViolation() }
                return try await Self.insert(user, joining: workspace, isNewWorkspace: true, on: db)
            }
        } catch is UniqueConstraintViolation {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.permissionDenied(DomainError.defaultPermissionDenied)
        }
    }

    public func createSuperuser(_ user: NewUser, defaultWorkspace: Workspace) async throws -> User {
        try await mappingUniqueViolation {
            try await database.writeTransaction { db in
                let existing = try await WorkspaceModel.query(on: db).sort(\.$createdAt).first()?.domain
                return try await Self.insert(
                    user, joining: existing ?? defaultWorkspace, isNewWorkspace: existing == nil, on: db)
            }
        }
    }

    static func insert(_ user: NewUser, joining workspace: Workspace, isNewWorkspace: Bool, on db: any Database)
        async throws -> User
    {
        let model = UserModel(user)
        try await model.create(on: db)
        if isNewWorkspace { try await WorkspaceModel(workspace).create(on: db) }
        try await MembershipModel(userID: model.id!, workspaceID: workspace.id, role: .owner, createdAt: user.createdAt)
            .create(on: db)
        return model.domain
    }

    public func user(username: String) async throws -> User? {
        try await UserModel.query(on: database).filter(\.$username == username).first()?.domain
    }

    public func user(id: Int) async throws -> User? {
        try await UserModel.find(id, on: database)?.domain
    }

    public func updatePasswordHash(userID: Int, passwordHash: String) async throws {
        try await UserModel.query(on: database).filter(\.$id == userID).set(\.$passwordHash, to: passwordHash).update()
    }

    public func updateProfile(userID: Int, username: String, firstName: String, lastName: String) async throws {
        try await mappingUniqueViolation {
            try await UserModel.query(on: database).filter(\.$id == userID)
                .set(\.$username, to: username).set(\.$firstName, to: firstName).set(\.$lastName, to: lastName)
                .update()
        }
    }

    public func memberships(userID: Int) async throws -> [Membership] {
        let rows = try await MembershipModel.query(on: database).filter(\.$user.$id == userID)
            .with(\.$workspace).sort(\.$createdAt).sort(\.$id).all()
        return rows.compactMap { row in
            guard let role = Role(rawValue: row.role) else { return nil }
            return Membership(id: row.id!, role: role, workspace: row.workspace.domain)
        }
    }
}
