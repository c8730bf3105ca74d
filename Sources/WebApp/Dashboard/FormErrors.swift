import Domain

/// A refused form's errors, by the field they concern (the envelope's `attr`); the ones without a field
/// are shown above the form.
struct FormErrors {
    var byField: [String: [String]] = [:]
    var general: [String] = []

    init() {}

    init(_ error: any Error) {
        switch error {
        case DomainError.validation(let errors):
            for error in errors {
                if let attr = error.attr {
                    byField[attr, default: []].append(error.detail)
                } else {
                    general.append(error.detail)
                }
            }
        default:
            let (_, _, errors) = ErrorEnvelope.describe(error)
            general = errors.map(\.detail)
        }
    }

    var isEmpty: Bool { byField.isEmpty && general.isEmpty }

    /// The messages above the form.
    var summary: HTML {
        guard !general.isEmpty else { return .empty }
        return "<div class=\"alert\" role=\"alert\">\(general.map { "<p>\($0)</p>" as HTML })</div>"
    }

    /// A labelled input with its errors beside it, linked for screen readers.
    func field(
        _ name: String, label: String, type: String = "text", value: String = "", hint: HTML? = nil,
        attributes: HTML = .empty
    ) -> HTML {
        let errors = byField[name] ?? []
        // The hint and the errors both describe the input; `aria-describedby` names them in reading order.
        let described = (hint == nil ? [] : ["\(name)-hint"]) + (errors.isEmpty ? [] : ["\(name)-errors"])
        var describedBy = HTML.empty
        if !described.isEmpty { describedBy = " aria-describedby=\"\(described.joined(separator: " "))\"" }
        if !errors.isEmpty { describedBy = "\(describedBy) aria-invalid=\"true\"" }
        let errorList: HTML =
            errors.isEmpty
            ? .empty
            : "<ul class=\"field-errors\" id=\"\(name)-errors\">\(errors.map { "<li>\($0)</li>" as HTML })</ul>"
        return """
            <div class="field\(errors.isEmpty ? "" : " invalid")">
            <label for="f-\(name)">\(label)</label>
            <input id="f-\(name)" name="\(name)" type="\(type)" value="\(value)"\(describedBy) \(attributes)>
            \(hint.map { "<div class=\"hint\" id=\"\(name)-hint\">\($0)</div>" as HTML })
            \(errorList)
            </div>
            """
    }
}
