import Domain
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Deletes expired sessions at start-up and then every hour.
final class SessionPurgeJob: LifecycleHandler, Sendable {
    let auth: AuthService
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    init(auth: AuthService) { self.auth = auth }

    func didBoot(_ application: Application) throws {
        let logger = application.logger
        let auth = self.auth
        let loop = application.eventLoopGroup.next()
        let repeated = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: .hours(1)) { _ in
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
