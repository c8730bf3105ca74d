import Foundation

/// Switches for the test tiers that need outside engines.
public enum TestEnvironment {
    /// `E2E_DOCKER=1`: a Docker engine answers on /var/run/docker.sock. `.ci/run` always sets it; with
    /// `CI=true` and no engine, the tests run and fail instead of being skipped.
    public static var dockerEnabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["E2E_DOCKER"] == "1" || environment["CI"] == "true"
    }
}
