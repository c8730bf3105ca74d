import Domain

/// The Env variables tab: the service's own variables (edit or remove each, add one, paste a `.env`),
/// then the environment's shared ones it also receives.
extension ServicePages {
    func envVariables(_ context: ServiceContext, _ page: DashboardRequest, _ errors: FormErrors) -> HTML {
        let action = "\(context.path)/changes"
        let hidden: (String, String?) -> HTML = { scope, kind in
            """
            \(page.csrfField)<input type="hidden" name="tab" value="env-variables"><input type="hidden" name="scope" value="\(scope)">
            <input type="hidden" name="field" value="env_variables">\(kind.map { "<input type=\"hidden\" name=\"type\" value=\"\($0)\">" as HTML })
            """
        }
        let rows: [HTML] = context.details.configuration.envVariables.map { variable in
            let scope = "env-\(variable.id)"
            let form = errors.scoped(scope)
            return """
                <li class="variable">
                \(form.summary)
                <form class="inline" method="post" action="\(action)" id="form-\(scope)">\(hidden(scope, "UPDATE"))
                <input type="hidden" name="item_id" value="\(variable.id)">
                \(form.field("new_value.key", label: "Name", value: variable.key, attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                \(form.field("new_value.value", label: "Value", value: variable.value, attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                <button type="submit">Save</button>
                </form>
                <form method="post" action="\(action)">\(hidden(scope, "DELETE"))
                <input type="hidden" name="item_id" value="\(variable.id)">
                <button type="submit" class="link danger" aria-label="Remove \(variable.key)">Remove</button>
                </form>
                </li>
                """
        }
        let add = errors.scoped("env-add")
        let paste = errors.scoped("env-file")
        let shared: [HTML] = context.details.variables.map { variable in
            "<li><span class=\"mono\">\(variable.key)</span></li>"
        }
        return """
            \(errors.scoped("").summary)
            <section class="card" aria-labelledby="variables-title">
            <h2 id="variables-title">Variables</h2>
            \(rows.isEmpty ? "<p class=\"muted\">No variable of its own yet.</p>" : "<ul class=\"variables\">\(rows)</ul>" as HTML)
            <h3>Add a variable</h3>
            \(add.summary)
            <form class="inline" method="post" action="\(action)" id="form-env-add" data-once>\(hidden("env-add", "ADD"))
            \(add.field("new_value.key", label: "Name", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"DATABASE_URL\""))
            \(add.field("new_value.value", label: "Value", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
            <button type="submit" class="primary">Add</button>
            </form>
            </section>
            <section class="card" aria-labelledby="paste-title">
            <h2 id="paste-title">Paste a .env file</h2>
            \(paste.summary)
            <form method="post" action="\(context.path)/env-file" id="form-env-file" data-once>\(page.csrfField)<input type="hidden" name="scope" value="env-file">
            \(paste.textArea("new_value", label: "Contents", hint: "One <code>NAME=value</code> per line; each becomes a pending change.", attributes: "rows=\"6\" spellcheck=\"false\" class=\"mono\""))
            <div class="actions"><button type="submit">Add these variables</button></div>
            </form>
            </section>
            <section class="card" aria-labelledby="shared-title">
            <h2 id="shared-title">Shared with the environment</h2>
            \(shared.isEmpty ? "<p class=\"muted\">The environment shares no variable.</p>" : "<ul class=\"shared\">\(shared)</ul>" as HTML)
            </section>
            """
    }
}
