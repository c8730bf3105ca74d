import Domain

/// `search-resources`: one array, services then projects then environments (§15).
struct SearchResultsDTO: JSONWritable {
    let results: SearchResults

    func write(to writer: inout JSONWriter) {
        let services = results.services.map { hit in
            JSONObject([
                "type": "service", "id": hit.id, "slug": hit.slug, "project_slug": hit.projectSlug,
                "environment": hit.environmentName,
                "kind": "DOCKER_REGISTRY", "git_provider": JSONNull(), "created_at": hit.createdAt.iso8601,
            ])
        }
        let projects = results.projects.map { project in
            JSONObject([
                "type": "project", "id": project.id, "slug": project.slug, "created_at": project.createdAt.iso8601,
            ])
        }
        let environments = results.environments.map { hit in
            JSONObject([
                "type": "environment", "id": hit.id, "name": hit.name, "project_slug": hit.projectSlug,
                "created_at": hit.createdAt.iso8601,
            ])
        }
        writer.array(services + projects + environments)
    }
}
