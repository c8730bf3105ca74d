/// The variables Zane injects into every container of a service (§5.1), as the service object shows them.
public enum SystemVariables {
    public struct Variable: Sendable {
        public var key: String
        public var value: String
        public var comment: String
    }

    public static func of(_ details: ServiceDetails) -> [Variable] {
        let service = details.service
        let domains = details.configuration.urls.filter { $0.associatedPort != nil }.map(\.domain).joined(
            separator: ",")
        return [
            Variable(key: "ZANE", value: "true", comment: "Always true: the service runs on Zane."),
            Variable(key: "ZANE_DOMAINS", value: domains, comment: "Comma-separated domains of the service's URLs."),
            Variable(key: "ZANE_ENVIRONMENT", value: details.environment.name, comment: "The environment's name."),
            Variable(
                key: "ZANE_PRIVATE_DOMAIN", value: service.privateDomain,
                comment: "The service's domain inside its environment's network."),
            Variable(
                key: "ZANE_GLOBAL_PRIVATE_DOMAIN", value: service.globalNetworkAlias,
                comment: "The service's domain across environments."),
            Variable(
                key: "ZANE_DEPLOYMENT_TYPE", value: service.kind == .gitRepository ? "git" : "docker",
                comment: "How the service is deployed: `docker` or `git`."),
            Variable(key: "ZANE_SERVICE_ID", value: service.id, comment: "The service's id."),
            Variable(key: "ZANE_SERVICE_NAME", value: service.slug, comment: "The service's slug."),
            Variable(key: "ZANE_PROJECT_ID", value: service.projectID, comment: "The project's id."),
            Variable(
                key: "ZANE_DEPLOYMENT_SLOT", value: "{{deployment.slot}}",
                comment: "BLUE or GREEN: the slot of the running deployment."),
            Variable(
                key: "ZANE_DEPLOYMENT_HASH", value: "{{deployment.hash}}",
                comment: "The hash of the running deployment."),
        ]
    }
}
