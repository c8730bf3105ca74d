/// `POST /api/projects`
public struct CreateProjectRequest: Sendable {
    public var slug: String?
    public var description: String?

    public init(slug: String? = nil, description: String? = nil) {
        self.slug = slug
        self.description = description
    }

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug")
        description = reader.string("description")
        try reader.check()
    }
}

/// `PUT /api/projects/{slug}`: partial, at least one field.
public struct UpdateProjectRequest: Sendable {
    public var slug: String?
    public var description: String?

    public init(reading reader: inout InputReader) throws(DomainError) {
        slug = reader.slug("slug")
        description = reader.string("description", allowBlank: true)
        try reader.check()
        if !reader.contains("slug") && !reader.contains("description") {
            throw .invalid("non_field_errors", "one of `slug` or `description` should be provided")
        }
    }
}

/// Query of `GET /api/projects`.
public struct ListProjectsQuery: Sendable {
    public var slugContaining: String?
    public var ordering: [ProjectOrdering]

    /// `sortBy` is the raw `sort_by` parameter: comma-separated ordering keys.
    public init(slug: String?, sortBy: String?) throws(DomainError) {
        slugContaining = slug.flatMap { $0.isEmpty ? nil : $0 }
        ordering = []
        for key in (sortBy ?? "").split(separator: ",", omittingEmptySubsequences: true) {
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            guard let order = ProjectOrdering(rawValue: trimmed) else {
                throw .invalid(
                    "sort_by", "Select a valid choice. \(trimmed) is not one of the available choices.",
                    code: "invalid_choice")
            }
            ordering.append(order)
        }
        if ordering.isEmpty { ordering = [.updatedAtDescending] }
    }
}
