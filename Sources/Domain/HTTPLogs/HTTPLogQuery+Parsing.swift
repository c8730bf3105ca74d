extension HTTPLogQuery {
    public static let defaultPerPage = 50

    /// Reads the endpoint's query parameters (repeatable ones given once per value, or comma-joined for
    /// `sort_by`); every invalid value is reported at once. An unreadable cursor is not an error: the
    /// endpoint answers an empty page for it.
    public init(items: [(name: String, value: String)]) throws(DomainError) {
        self.init()
        var errors: [FieldError] = []
        func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value).filter { !$0.isEmpty } }
        func time(_ name: String) -> Timestamp? {
            guard let text = values(name).last else { return nil }
            if let time = Timestamp(iso8601: text) { return time }
            errors.append(FieldError(code: "invalid", detail: "Enter a valid date/time.", attr: name))
            return nil
        }
        serviceID = values("service_id").last
        deploymentID = values("deployment_id").last
        timeAfter = time("time_after")
        timeBefore = time("time_before")
        for method in values("request_method") {
            if HTTPLog.methods.contains(method) {
                methods.append(method)
            } else {
                errors.append(
                    FieldError(
                        code: "invalid_choice",
                        detail: "Select a valid choice. \(method) is not one of the available choices.",
                        attr: "request_method"))
            }
        }
        for status in values("status") {
            if let filter = Self.status(status) {
                statuses.append(filter)
            } else {
                errors.append(
                    FieldError(
                        code: "invalid", detail: "`\(status)` is not a status code (NNN) or a class (Nxx).",
                        attr: "status"))
            }
        }
        for field in TextField.allCases {
            let wanted = values(field.rawValue)
            if !wanted.isEmpty { text[field] = wanted }
        }
        queryPrefix = values("request_query").last
        let sorts = values("sort_by").flatMap {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let first = sorts.first {
            let name = first.hasPrefix("-") ? String(first.dropFirst()) : first
            if let key = SortKey(rawValue: name),
                sorts.allSatisfy({ SortKey(rawValue: $0.hasPrefix("-") ? String($0.dropFirst()) : $0) != nil })
            {
                sortKey = key
                descending = first.hasPrefix("-")
            } else {
                errors.append(
                    FieldError(
                        code: "invalid_choice",
                        detail: "Select a valid choice. \(first) is not one of the available choices.", attr: "sort_by")
                )
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
    }

    /// `200` or `2xx` (`1xx`–`5xx`).
    static func status(_ text: String) -> StatusFilter? {
        let bytes = Array(text.utf8)
        guard bytes.count == 3, let first = bytes.first, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(first) else {
            return nil
        }
        let hundreds = Int(first - UInt8(ascii: "0")) * 100
        if text.dropFirst().lowercased() == "xx" { return .range(hundreds...(hundreds + 99)) }
        return Int(text).map(StatusFilter.exact)
    }

    /// `per_page`, 1 to 200 (50 when absent or not a number).
    public static func perPage(_ text: String?) -> Int {
        text.flatMap { Int($0) }.map { min(max($0, 1), 200) } ?? defaultPerPage
    }
}
