import Domain
import Vapor

/// The Settings tab: one card per setting, each form a change request that waits in the pending panel
/// until the next deploy; then the deploy webhook, sleep and wake, and the danger zone.
extension ServicePages {
    func settings(_ context: ServiceContext, _ page: DashboardRequest, _ request: Request, _ errors: FormErrors)
        async throws -> HTML
    {
        let settings = SettingsForms(
            context: context, page: page, errors: errors, server: server,
            shareable: try await catalog.availableVolumes(for: context.service))
        let isGit = context.service.kind == .gitRepository
        let host = Request.hostAndPort(request.headers.first(name: .host))
        let authority = host.port.map { "\(host.host):\($0)" } ?? host.host
        return """
            \(errors.scoped("").summary)
            <div class="settings">
            \(isGit ? settings.gitSource : settings.source)
            \(isGit ? settings.builder : .empty)
            \(settings.command)
            \(settings.healthcheck)
            \(settings.resourceLimits)
            </div>
            <div class="settings">
            \(settings.urls)
            \(settings.ports)
            \(settings.volumes)
            \(settings.sharedVolumes)
            \(settings.configs)
            </div>
            <div class="settings">
            \(isGit ? settings.pushWebhooks(authority: authority) : .empty)
            \(settings.webhook(authority: authority))
            \(settings.sleep)
            \(settings.dangerZone)
            </div>
            """
    }
}

/// The Settings tab's forms, each with its own scope so that a refusal shows beside the inputs it concerns.
struct SettingsForms {
    let context: ServiceContext
    let page: DashboardRequest
    let errors: FormErrors
    let server: ServerResources
    /// Volumes of the environment's other services that this one can mount.
    let shareable: [VolumeOwnership]

    var configuration: ServiceConfiguration { context.details.configuration }
    var action: String { "\(context.path)/changes" }

    /// A change form: the hidden fields naming the change, then `body`.
    func changeForm(
        _ scope: String, field: ServiceChange.Field, kind: ServiceChange.Kind, itemID: String? = nil,
        button: String, buttonClass: String = "", _ body: HTML = .empty
    ) -> HTML {
        """
        \(errors.scoped(scope).summary)
        <form method="post" action="\(action)" id="form-\(scope)" data-once>\(page.csrfField)
        <input type="hidden" name="tab" value="settings"><input type="hidden" name="scope" value="\(scope)">
        <input type="hidden" name="field" value="\(field.rawValue)"><input type="hidden" name="type" value="\(kind.rawValue)">
        \(itemID.map { "<input type=\"hidden\" name=\"item_id\" value=\"\($0)\">" as HTML })
        \(body)
        <div class="actions"><button type="submit" class="\(buttonClass)">\(button)</button></div>
        </form>
        """
    }

    /// A live card follows the server (see `data-live` in the script).
    func card(_ id: String, _ title: String, live: Bool = false, _ body: HTML) -> HTML {
        """
        <section class="card" id="\(id)"\(live ? " data-live" : "" as HTML) aria-labelledby="\(id)-title"><h2 id="\(id)-title">\(title)</h2>\(body)</section>
        """
    }

    /// An item with a button that removes it.
    func item(_ text: String, field: ServiceChange.Field, id: String) -> HTML {
        """
        <li><span class="mono">\(text)</span>
        \(changeForm("remove-\(id)", field: field, kind: .delete, itemID: id, button: "Remove", buttonClass: "link danger"))</li>
        """
    }

    func list(_ items: [HTML], empty: String) -> HTML {
        items.isEmpty ? "<p class=\"muted\">\(empty)</p>" : "<ul class=\"items\">\(items)</ul>"
    }

    var source: HTML {
        let form = errors.scoped("source")
        return card(
            "source", "Image",
            changeForm(
                "source", field: .source, kind: .update, button: "Change image",
                form.field(
                    "new_value.image", label: "Image", value: configuration.image ?? context.details.displayImage ?? "",
                    hint: "A name and tag, as <code>docker pull</code> takes it.",
                    attributes: "autocomplete=\"off\" spellcheck=\"false\" required")))
    }

    var command: HTML {
        let form = errors.scoped("command")
        return card(
            "command", "Command",
            changeForm(
                "command", field: .command, kind: .update, button: "Change command",
                form.field(
                    "new_value", label: "Command", value: configuration.command ?? "",
                    hint: "Leave it empty to run the image's own command.",
                    attributes: "autocomplete=\"off\" spellcheck=\"false\" class=\"mono\"")))
    }

    var healthcheck: HTML {
        let form = errors.scoped("healthcheck")
        let current = configuration.healthcheck
        let remove: HTML =
            current == nil
            ? .empty
            : changeForm(
                "healthcheck-clear", field: .healthcheck, kind: .update, button: "Remove the health check",
                buttonClass: "link danger", "<input type=\"hidden\" name=\"clear\" value=\"1\">")
        return card(
            "healthcheck", "Health check",
            """
            \(changeForm("healthcheck", field: .healthcheck, kind: .update, button: current == nil ? "Add health check" : "Change health check", """
                \(form.select("new_value.type", label: "Kind", options: [("PATH", "HTTP path"), ("COMMAND", "Command")], selected: current?.kind.rawValue ?? "PATH"))
                \(form.field("new_value.value", label: "Path or command", value: current?.value ?? "/", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                \(form.field("new_value.associated_port", label: "Port (for a path)", type: "number", value: current.map { $0.associatedPort.map(String.init) ?? "" } ?? "80", attributes: "min=\"1\" max=\"65535\""))
                <div class="pair">
                \(form.field("new_value.interval_seconds", label: "Every (seconds)", type: "number", value: String(current?.intervalSeconds ?? 30), attributes: "min=\"5\""))
                \(form.field("new_value.timeout_seconds", label: "Timeout (seconds)", type: "number", value: String(current?.timeoutSeconds ?? 30), attributes: "min=\"5\""))
                </div>
                """))
            \(remove)
            """)
    }

    var resourceLimits: HTML {
        let form = errors.scoped("limits")
        let current = configuration.resourceLimits
        let units = ResourceLimits.MemoryUnit.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }
        return card(
            "limits", "Resource limits",
            changeForm(
                "limits", field: .resourceLimits, kind: .update, button: "Change limits",
                """
                <p class="hint">This server has \(server.cpus) CPUs and \(server.memoryDescription) of memory. Leave a field empty for no limit.</p>
                \(form.field("new_value.cpus", label: "CPUs", type: "number", value: current?.cpus.map { String($0) } ?? "", attributes: "min=\"0.1\" step=\"0.1\""))
                <div class="pair">
                \(form.field("new_value.memory.value", label: "Memory", type: "number", value: current?.memory.map { String($0.value) } ?? "", attributes: "min=\"0\""))
                \(form.select("new_value.memory.unit", label: "Unit", options: units, selected: current?.memory?.unit.rawValue ?? "MEGABYTES"))
                </div>
                """))
    }
}
