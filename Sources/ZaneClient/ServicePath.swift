import Foundation

/// A service as the command line names it: `<project>/<environment>/<service>`.
public struct ServicePath: Equatable, Sendable, CustomStringConvertible {
    public var project: String
    public var environment: String
    public var service: String

    public init(project: String, environment: String, service: String) {
        (self.project, self.environment, self.service) = (project, environment, service)
    }

    public init(parsing text: String) throws(ClientError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .usage(
                "`\(text)` is not a service: write it as <project>/<environment>/<service>, e.g. shop/production/web.")
        }
        (project, environment, service) = (parts[0], parts[1], parts[2])
    }

    public var description: String { "\(project)/\(environment)/\(service)" }

    /// `/api/projects/<project>/<environment>`, the prefix of the service routes.
    public var environmentPath: String { "/api/projects/\(Self.escape(project))/\(Self.escape(environment))" }
    public var escapedService: String { Self.escape(service) }

    /// One path segment, percent-encoded.
    public static func escape(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? part
    }
}

/// An environment as the command line names it: `<project>/<environment>`.
public struct EnvironmentPath: Equatable, Sendable, CustomStringConvertible {
    public var project: String
    public var environment: String

    public init(parsing text: String) throws(ClientError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .usage("`\(text)` is not an environment: write it as <project>/<environment>, e.g. shop/production.")
        }
        (project, environment) = (parts[0], parts[1])
    }

    public var description: String { "\(project)/\(environment)" }
    public var apiPath: String { "/api/projects/\(ServicePath.escape(project))/\(ServicePath.escape(environment))" }
}
