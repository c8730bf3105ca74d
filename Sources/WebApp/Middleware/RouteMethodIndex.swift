import Vapor

/// Which methods each registered path pattern answers, to tell a 405 from a 404.
struct RouteMethodIndex: Sendable {
    private let routes: [(method: String, path: [PathComponent])]

    init(routes: Routes) {
        self.routes = routes.all.map { ($0.method.rawValue.uppercased(), $0.path) }
    }

    func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        let methods = routes.filter { Self.matches($0.path, parts) }.map(\.method)
        return Array(Set(methods)).sorted()
    }

    static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return parts.count >= index
            case .anything, .parameter: if index >= parts.count { return false }
            case .constant(let text): if index >= parts.count || parts[index] != text { return false }
            }
        }
        return pattern.count == parts.count
    }
}
