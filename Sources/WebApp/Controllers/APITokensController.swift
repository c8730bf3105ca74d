import Domain
import Vapor

/// The caller's API tokens (`/api/auth/tokens`): creating one shows its secret once; a signed-in session only.
struct APITokensController {
    let tokens: APITokens

    func list(_ request: Request) async throws -> Response {
        JSONResponse.make(try await tokens.list(for: try request.requireAuth().user).map { APITokenDTO($0) })
    }

    func create(_ request: Request) async throws -> Response {
        let context = try request.requireAuth()
        var reader = try request.bodyReader()
        let body = try CreateAPITokenRequest(reading: &reader)
        let (token, secret) = try await tokens.create(body, for: context.user, workspaceID: try request.workspaceID())
        request.logger.info("API token created", metadata: ["token": "\(token.id)", "user": "\(context.user.id)"])
        return JSONResponse.make(APITokenDTO(token, secret: secret), status: .created)
    }

    func revoke(_ request: Request) async throws -> Response {
        let context = try request.requireAuth()
        try await tokens.revoke(id: request.parameter("token_id"), of: context.user)
        request.logger.info("API token revoked", metadata: ["token": "\(request.parameter("token_id"))"])
        return JSONResponse.empty(.noContent)
    }
}
