import Synchronization

/// API tokens and their users already read from the database, by the secret's digest. Revoking a token
/// forgets it at once; a revocation by a second process is seen once the entry expires.
public typealias APITokenCache = ExpiringCache<CachedToken>

public struct CachedToken: Sendable {
    var token: APIToken
    var user: User
    var membership: Membership?

    var context: AuthContext { AuthContext(credential: .token(token), user: user, membership: membership) }
}

/// When this process last wrote down each token's use, so that it writes at most once a minute per token
/// even when many requests find the same use stale at once.
final class LastUseWrites: Sendable {
    private let written = Mutex<[String: Timestamp]>([:])

    func claim(_ tokenID: String, at now: Timestamp) -> Bool {
        written.withLock { written in
            if let last = written[tokenID], now.seconds(since: last) < APIToken.lastUseResolutionSeconds {
                return false
            }
            if written.count >= 10_000 { written.removeAll(keepingCapacity: true) }
            written[tokenID] = now
            return true
        }
    }
}
