import Foundation

/// The engine's JSON style: PascalCase keys (`TaskTemplate`, `NanoCPUs`, `ID`), read into and written
/// from camelCase Swift properties.
enum DockerJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { keys in
            let key = keys.last!.stringValue
            return AnyKey(key.prefix(1).uppercased() + key.dropFirst())
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { keys in
            let key = keys.last!.stringValue
            if key.count > 1, key == key.uppercased() { return AnyKey(key.lowercased()) }
            return AnyKey(key.prefix(1).lowercased() + key.dropFirst())
        }
        return decoder
    }()

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A request without a body.
struct Empty: Codable, Sendable {}
