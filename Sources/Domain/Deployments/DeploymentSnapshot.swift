/// The service as a deployment runs it: its row, its environment and shared variables, and its applied
/// configuration, frozen when the deployment is queued. The pipeline reads nothing else of the service;
/// the API shows it as the deployment's `service_snapshot`. Stored as `json` (versioned, see
/// `DeploymentSnapshot+Storage.swift`), so the wire format can change without touching stored deployments.
public struct DeploymentSnapshot: Sendable, Equatable {
    public var service: Service
    public var environment: Environment
    public var sharedVariables: [SharedVariable]
    public var configuration: ServiceConfiguration

    public init(
        service: Service, environment: Environment, sharedVariables: [SharedVariable],
        configuration: ServiceConfiguration
    ) {
        self.service = service
        self.environment = environment
        self.sharedVariables = sharedVariables
        self.configuration = configuration
    }

    /// The snapshot of a service whose pending changes were just applied.
    public init(_ details: ServiceDetails) {
        self.init(
            service: details.service, environment: details.environment, sharedVariables: details.variables,
            configuration: details.configuration)
    }

    public var serviceID: String { service.id }
    public var slug: String { service.slug }
    public var projectID: String { service.projectID }
    public var environmentID: String { environment.id }
    /// The service's names on its environment's network.
    public var networkAliases: [String] { [service.privateDomain, service.networkAlias] }
    public var globalNetworkAlias: String { service.globalNetworkAlias }
    /// The `ZANE_*` variables, with their `{{deployment.*}}` placeholders.
    public var systemVariables: [SystemVariables.Variable] { SystemVariables.of(details) }

    /// The service details the snapshot describes (nothing pending: a deployment applied it all).
    public var details: ServiceDetails {
        ServiceDetails(
            service: service, configuration: configuration, environment: environment, variables: sharedVariables,
            pendingChanges: [])
    }
}
