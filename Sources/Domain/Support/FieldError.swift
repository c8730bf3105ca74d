/// One entry of the API's error envelope: a machine code, a human text and the offending field.
public struct FieldError: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let detail: String
    public let attr: String?

    public init(code: String, detail: String, attr: String?) {
        self.code = code
        self.detail = detail
        self.attr = attr
    }

    public var description: String { "\(attr ?? "-"): \(code) \(detail)" }

    public static func required(_ attr: String) -> FieldError {
        FieldError(code: "required", detail: "This field is required.", attr: attr)
    }

    public static func invalid(_ attr: String?, _ detail: String) -> FieldError {
        FieldError(code: "invalid", detail: detail, attr: attr)
    }
}
