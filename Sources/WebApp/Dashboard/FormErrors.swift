import Domain

/// A refused form's errors, by the field they concern (the envelope's `attr`); the ones without a field
/// are shown above the form. A page with several forms gives each a `scope`, which prefixes its ids.
struct FormErrors {
    var byField: [String: [String]] = [:]
    var general: [String] = []
    var scope = ""
    /// What the refused form held, shown again so that nothing typed is lost.
    var values: [String: String] = [:]

    init(scope: String = "") { self.scope = scope }

    /// `conflictField` names the input a conflict is about (a taken name), to show it there.
    init(_ error: any Error, scope: String = "", values: [String: String] = [:], conflictField: String? = nil) {
        self.scope = scope
        self.values = values
        switch error {
        case DomainError.conflict(let detail) where conflictField != nil:
            byField[conflictField!] = [detail]
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

    /// The inputs a person does not see: the hidden fields that name a change or a form.
    static let hiddenFields: Set<String> = ["item_id", "field", "type", "tab", "scope", "clear"]

    /// The errors of fields the form does not show move above it, so that none goes unseen.
    func showing(only names: some Collection<String>) -> FormErrors {
        var moved = self
        for (attr, details) in byField where !names.contains(attr) {
            moved.byField[attr] = nil
            moved.general += details
        }
        return moved
    }

    /// These errors if they are `scope`'s, or none: on a page of several forms, only the one sent shows errors.
    func scoped(_ scope: String) -> FormErrors { scope == self.scope ? self : FormErrors(scope: scope) }

    /// A labelled input with its errors beside it, linked for screen readers.
    func field(
        _ name: String, label: String, type: String = "text", value: String = "", hint: HTML? = nil,
        attributes: HTML = .empty
    ) -> HTML {
        control(name, label: label, hint: hint) { id, describedBy in
            "<input id=\"f-\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(values[name] ?? value)\"\(describedBy) \(attributes)>"
        }
    }

    func textArea(
        _ name: String, label: String, value: String = "", hint: HTML? = nil, attributes: HTML = .empty
    ) -> HTML {
        control(name, label: label, hint: hint) { id, describedBy in
            "<textarea id=\"f-\(id)\" name=\"\(name)\"\(describedBy) \(attributes)>\(values[name] ?? value)</textarea>"
        }
    }

    /// A choice among `options` (value, label).
    func select(_ name: String, label: String, options: [(String, String)], selected: String, hint: HTML? = nil)
        -> HTML
    {
        let chosen = values[name] ?? selected
        let items: [HTML] = options.map { value, words in
            "<option value=\"\(value)\"\(value == chosen ? " selected" : "")>\(words)</option>"
        }
        return control(name, label: label, hint: hint) { id, describedBy in
            "<select id=\"f-\(id)\" name=\"\(name)\"\(describedBy)>\(items)</select>"
        }
    }

    /// The label, the control `make` builds from its id and description attributes, the hint and the errors.
    func control(_ name: String, label: String, hint: HTML?, _ make: (String, HTML) -> HTML) -> HTML {
        let errors = byField[name] ?? []
        let id = scope.isEmpty ? name : "\(scope)-\(name)"
        // The hint and the errors both describe the input; `aria-describedby` names them in reading order.
        let described = (hint == nil ? [] : ["\(id)-hint"]) + (errors.isEmpty ? [] : ["\(id)-errors"])
        var describedBy = HTML.empty
        if !described.isEmpty { describedBy = " aria-describedby=\"\(described.joined(separator: " "))\"" }
        if !errors.isEmpty { describedBy = "\(describedBy) aria-invalid=\"true\"" }
        let errorList: HTML =
            errors.isEmpty
            ? .empty
            : "<ul class=\"field-errors\" id=\"\(id)-errors\">\(errors.map { "<li>\($0)</li>" as HTML })</ul>"
        return """
            <div class="field\(errors.isEmpty ? "" : " invalid")">
            <label for="f-\(id)">\(label)</label>
            \(make(id, describedBy))
            \(hint.map { "<div class=\"hint\" id=\"\(id)-hint\">\($0)</div>" as HTML })
            \(errorList)
            </div>
            """
    }
}
