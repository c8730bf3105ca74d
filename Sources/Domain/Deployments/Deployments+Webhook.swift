/// `PUT /api/deploy-service/docker/{deploy_token}`
public struct WebhookDeployRequest: Sendable {
    public var deploy: DeployRequest
    public var newImage: String?

    public init(reading reader: inout InputReader) throws(DomainError) {
        deploy = DeployRequest.read(&reader)
        let image = reader.string("new_image", maxLength: 512)
        if let image, ImageReference(image) == nil {
            reader.errors.append(
                FieldError.invalid("new_image.image", CreateDockerServiceRequest.unavailableImageDetail(image)))
        }
        try reader.check()
        newImage = image
    }
}

extension Deployments {
    /// A deploy authorised by the service's deploy token alone, optionally with a new image (`api.md` §14).
    public func deploy(
        token: String, _ request: WebhookDeployRequest, changes: ServiceChanges, images: any ImageAvailability
    ) async throws
        -> Deployment
    {
        guard let service = try await services.service(deployToken: token), service.kind == .dockerRegistry,
            let environment = try await environments.environment(id: service.environmentID)
        else { throw DomainError.notFound("A service with a deploy_token `\(token)` doesn't exist.") }
        return try await deploy(service, in: environment, request, changes: changes, images: images, trigger: .api)
    }

    /// A deploy of a docker service, with its image changed to `newImage` first when one is given.
    public func deploy(
        _ service: Service, in environment: Environment, _ request: WebhookDeployRequest, changes: ServiceChanges,
        images: any ImageAvailability, trigger: Deployment.Trigger
    ) async throws -> Deployment {
        if let image = request.newImage {
            guard await images.isAvailable(image) else {
                throw DomainError.invalid("new_image.image", CreateDockerServiceRequest.unavailableImageDetail(image))
            }
            try await changes.requestImage(image, for: service)
        }
        return try await deploy(service, in: environment, request.deploy, trigger: trigger)
    }
}
