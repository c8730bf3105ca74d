/// `desired_state` of the toggle endpoints.
public enum DesiredState: String, Sendable, CaseIterable {
    case start, stop
}

/// `PUT …/toggle-service/{slug}`
public struct ToggleRequest: Sendable {
    public var desiredState: DesiredState

    public init(reading reader: inout InputReader) throws(DomainError) {
        let state = reader.choice("desired_state", required: true, as: DesiredState.self)
        try reader.check()
        desiredState = state!
    }
}

/// `PUT …/bulk-toggle-services` and `…/bulk-deploy-services`: `service_ids`, and for toggles `desired_state`.
public struct BulkServicesRequest: Sendable {
    public var serviceIDs: [String]
    public var desiredState: DesiredState?

    public init(reading reader: inout InputReader, needsState: Bool) throws(DomainError) {
        let state = needsState ? reader.choice("desired_state", required: true, as: DesiredState.self) : nil
        var ids: [String] = []
        switch reader.object["service_ids"] {
        case nil: reader.errors.append(.required(reader.attr("service_ids")))
        case .array(let values)?:
            for (index, value) in values.enumerated() {
                guard case .string(let id) = value, !id.isEmpty, id.utf8.count <= 64 else {
                    reader.fail("service_ids.\(index)", "Not a valid string.")
                    continue
                }
                ids.append(id)
            }
            if values.count > 1000 { reader.fail("service_ids", "Ensure this field has no more than 1000 elements.") }
        case let other?:
            reader.fail(
                "service_ids", code: "not_a_list", "Expected a list of items but got type \"\(other.typeName)\".")
        }
        try reader.check()
        serviceIDs = ids
        desiredState = state
    }

    /// `/cleanup-deployment-queue`'s body.
    public static func cancelsRunning(reading reader: inout InputReader) throws(DomainError) -> Bool {
        let value = reader.bool("cancel_running_deployments")
        try reader.check()
        return value ?? false
    }
}
