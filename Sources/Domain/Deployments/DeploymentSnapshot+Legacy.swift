extension DeploymentSnapshot {
    /// The first stored form: the service object as the API showed it when the deployment was queued
    /// (`api.md` §5.1), with its environment and shared variables nested and ISO 8601 times.
    init?(legacy json: JSONValue) {
        guard let id = json["id"]?.string, let slug = json["slug"]?.string, let projectID = json["project_id"]?.string,
            let environment = json["environment"], let environmentID = environment["id"]?.string
        else { return nil }
        let configuration = Self.configuration(json)
        let service = Self.serviceRow(
            json, id: id, slug: slug,
            kind: json["type"]?.string.flatMap(Service.Kind.init(rawValue:)) ?? .dockerRegistry,
            projectID: projectID, environmentID: environmentID, networkAlias: json["network_alias"]?.string ?? "",
            configuration: configuration)
        self.init(
            service: service,
            environment: Environment(
                id: environmentID, projectID: projectID, name: environment["name"]?.string ?? "",
                isPreview: environment["is_preview"]?.bool ?? false,
                createdAt: Self.timestamp(environment["created_at"])),
            sharedVariables: Self.variables(environment["variables"], environmentID: environmentID),
            configuration: configuration)
    }
}
