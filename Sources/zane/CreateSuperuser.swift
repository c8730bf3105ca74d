import ArgumentParser
import Domain
import Foundation
import WebApp

struct CreateSuperuser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "createsuperuser", abstract: "Create a superuser (the password is read from stdin when not given)."
    )

    @Option(help: "The new user's name.") var username: String
    @Option(help: "The new user's password; prefer standard input, which stays out of the process list.") var password:
        String?

    func run() async throws {
        guard let password = password ?? readLine(strippingNewline: true), !password.isEmpty else {
            print("A password is required: pass --password or write it to standard input.")
            throw ExitCode.failure
        }
        do {
            try await ZaneServer.createSuperuser(try loadConfig(), username: username, password: password)
            print("Superuser \(username) created.")
        } catch let DomainError.validation(errors) {
            errors.forEach { print("\($0.attr ?? "error"): \($0.detail)") }
            throw ExitCode.failure
        } catch let DomainError.conflict(detail) {
            print(detail)
            throw ExitCode.failure
        }
    }
}
