import Testing

@testable import Engine

@Suite("Caddy version requirement")
struct CaddyVersionTests {
    @Test func versionsAreReadFromCaddyVersionOutput() {
        #expect(ProxySupervisor.version(fromOutput: "v2.11.7 h1:abc=\n") == [2, 11])
        #expect(ProxySupervisor.version(fromOutput: "2.6.2\n") == [2, 6])
        #expect(ProxySupervisor.version(fromOutput: "unknown") == nil)
    }

    @Test func caddyOlderThan27IsRefusedWithBothVersionsNamed() throws {
        let error = #expect(throws: ProxyError.self) {
            try ProxySupervisor.checkSupported([2, 6], image: "zane-local/caddy:old")
        }
        let text = "\(error.map { String(describing: $0) } ?? "")"
        #expect(text.contains("Caddy 2.6") && text.contains("2.7 or newer") && text.contains("zane-local/caddy:old"))
        for supported in [[2, 7], [2, 11], [3, 0]] { try ProxySupervisor.checkSupported(supported, image: "caddy:2") }
        try ProxySupervisor.checkSupported(nil, image: "caddy:2")
    }
}
