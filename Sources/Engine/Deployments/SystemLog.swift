import Domain
import Foundation
import Synchronization

/// The pipeline's own log lines (`SYSTEM`) and its builds' output (`BUILD`), stored with strictly increasing timestamps so that they read
/// back in the order they were written.
final class SystemLog: Sendable {
    let repository: any DeploymentLogRepository
    private let last = Mutex<Int64>(0)

    init(repository: any DeploymentLogRepository) { self.repository = repository }

    func write(
        _ message: String, _ level: DeploymentLogLine.Level = .info, source: DeploymentLogLine.Source = .system,
        for deployment: Deployment
    ) async {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        let timestamp = last.withLock { last in
            last = max(now, last + 1)
            return last
        }
        var line = DeploymentLogLine.system(message, level, deployment: deployment, at: .now())
        line.timestamp = timestamp
        line.source = source
        try? await repository.append([line])
    }
}
