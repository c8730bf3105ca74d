import NIOCore
import Synchronization

/// Rendered bodies of expensive reads (a service, an environment's service list), reused until anything
/// is written. Every write request moves the generation on (`CacheInvalidationMiddleware`), which drops
/// every entry: reads far outnumber writes, and a write anywhere may change what a read shows.
///
/// A read takes the generation *before* it reads the database and stores its body under it; the
/// generation moves on only after a write has committed. So a body stored under the current generation
/// never predates a committed write. All writers are in this process.
final class ResponseCache: Sendable {
    /// Holds bodies of the current generation only: moving the generation on empties it.
    struct State {
        var generation: UInt64 = 0
        var entries: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    /// Beyond this many cached bytes the cache starts over.
    let capacity: Int

    init(capacity: Int = 32 * 1024 * 1024) { self.capacity = capacity }

    var generation: UInt64 { state.withLock { $0.generation } }

    func body(for key: String, generation: UInt64) -> ByteBuffer? {
        state.withLock { state in
            generation == state.generation ? state.entries[key] : nil
        }
    }

    func store(_ body: ByteBuffer, for key: String, generation: UInt64) {
        state.withLock { state in
            guard generation == state.generation else { return }
            if state.bytes + body.readableBytes > capacity {
                state.entries.removeAll()
                state.bytes = 0
            }
            state.bytes += body.readableBytes - (state.entries[key]?.readableBytes ?? 0)
            state.entries[key] = body
        }
    }

    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
            state.bytes = 0
        }
    }
}
