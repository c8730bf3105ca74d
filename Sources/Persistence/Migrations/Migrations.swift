import FluentKit

/// Every migration, in the order they apply.
public enum Migrations {
    public static let all: [any Migration] = [
        M0001_CreateAccounts(),
        M0002_CreateSessions(),
        M0003_CreateProjects(),
        M0004_CreateEnvironments(),
        M0005_CreateServices(),
        M0006_CreateServiceItems(),
        M0007_CreateDeployments(),
        M0009_CreateHTTPLogs(),
        M0010_CreateServiceMetrics(),
        M0011_DigestSessionKeys(),
        M0012_AddDeploymentBuilds(),
        M0013_AddWebhookSecrets(),
        M0014_AddGitCredentials(),
        M0015_CreateAPITokens(),
    ]
}
