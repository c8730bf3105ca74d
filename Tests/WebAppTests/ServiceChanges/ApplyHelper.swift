import TestSupport
import Vapor

@testable import WebApp

/// Applies the service's pending changes as its next deployment will.
func applyPendingChanges(_ app: Application, _ bench: ServiceWorkbench, _ slug: String) async throws {
    try await app.zane.changes.applyPendingChanges(serviceID: try await bench.serviceID(slug))
}
