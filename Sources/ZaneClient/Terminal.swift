import Foundation

/// Where the command line writes: standard output for results, standard error for errors. On a terminal
/// (and without `NO_COLOR`) it may redraw a status line and use colour; elsewhere (CI, pipes) it writes plain lines.
public struct Terminal: Sendable {
    public var isInteractive: Bool
    public var usesColor: Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        isInteractive = isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb"
        usesColor = isInteractive && environment["NO_COLOR"] == nil
    }

    public init(isInteractive: Bool, usesColor: Bool) {
        self.isInteractive = isInteractive
        self.usesColor = usesColor
    }

    public func out(_ text: String) { Self.write(text + "\n", to: STDOUT_FILENO) }

    /// Writes without a newline (a status line being redrawn).
    public func raw(_ text: String) { Self.write(text, to: STDOUT_FILENO) }

    public func error(_ text: String) { Self.write("error: " + text + "\n", to: STDERR_FILENO) }

    public func note(_ text: String) { Self.write(text + "\n", to: STDERR_FILENO) }

    /// Writes all of `text`; a reader that went away (`zane logs | head`) ends the program quietly, as it
    /// ends `git log`.
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    public enum Style: String, Sendable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
    }

    public func styled(_ text: String, _ style: Style) -> String {
        usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Reads a line from standard input, with the prompt on standard error; `secret` turns echo off on a terminal.
    public static func prompt(_ label: String, secret: Bool = false) -> String? {
        write(label, to: STDERR_FILENO)
        guard secret, isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) }
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            write("\n", to: STDERR_FILENO)
        }
        return readLine(strippingNewline: true)
    }
}
