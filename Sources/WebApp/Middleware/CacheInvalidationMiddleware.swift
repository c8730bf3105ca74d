import NIOCore
import Vapor

/// Drops cached read responses once a request that may write has finished, whatever its outcome.
/// (An `EventLoopFuture` middleware: an async one costs a task per request.)
struct CacheInvalidationMiddleware: Middleware {
    let cache: ResponseCache

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return next.respond(to: request) }
        return next.respond(to: request).always { _ in cache.invalidate() }
    }
}
