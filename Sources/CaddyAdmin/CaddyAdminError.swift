/// Why an admin request did not succeed.
public enum CaddyAdminError: Error, CustomStringConvertible {
    case unreachable(String, String)
    case refused(UInt, path: String, message: String)

    /// Worth trying again: the socket did not answer, or Caddy failed on its side.
    public var isTransient: Bool {
        switch self {
        case .unreachable: true
        case .refused(let code, _, _): code >= 500
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let socket, let reason): "the proxy's admin API at \(socket) cannot be reached: \(reason)"
        case .refused(let code, let path, let message): "the proxy's admin API answered \(code) to \(path): \(message)"
        }
    }
}
