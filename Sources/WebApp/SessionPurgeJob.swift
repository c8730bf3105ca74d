import Domain
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Deletes expired sessions at start-up and then every `intervalSeconds`.
final class SessionPurgeJob: LifecycleHandler, Sendable {
    let auth: AuthService
    let intervalSeconds: Int64
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    init(auth: AuthService, intervalSeconds: Int64) {
        self.auth = auth
        self.intervalSeconds = intervalSeconds
    }

    func didBoot(_ application: Application) throws {
        guard intervalSeconds > 0 else { return }
        let logger = application.logger
        let auth = self.auth
        let loop = application.eventLoopGroup.next()
        let repeated = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: .seconds(intervalSeconds)) {
            _ in
            loop.makeFutureWithTask {
                do {
                    let purged = try await auth.purgeExpiredSessions()
                    if purged > 0 { logger.info("purged expired sessions", metadata: ["count": "\(purged)"]) }
                } catch {
                    logger.error("session purge failed", metadata: ["error": "\(error)"])
                }
            }
        }
        task.withLockedValue { $0 = repeated }
    }

    func shutdown(_ application: Application) {
        task.withLockedValue { $0?.cancel() }
    }
}
