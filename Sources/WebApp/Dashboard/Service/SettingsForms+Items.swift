import Domain

/// The settings that are lists of items: URLs, published ports, volumes, shared volumes, config files.
/// Each item has its remove button; each list its form to add one.
extension SettingsForms {
    var urls: HTML {
        let form = errors.scoped("url-add")
        let items = configuration.urls.map { url in
            let target = url.associatedPort.map { " → port \($0)" } ?? url.redirect.map { " → \($0.url)" } ?? ""
            return item("\(url.domain)\(url.basePath)\(target)", field: .urls, id: url.id)
        }
        return card(
            "urls", "URLs",
            """
            \(list(items, empty: "No URL: the service is reachable only inside its environment."))
            \(changeForm("url-add", field: .urls, kind: .add, button: "Add URL", """
                \(form.field("new_value.domain", label: "Domain", hint: "Leave it empty for a generated one.", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"app.example.com\""))
                <div class="pair">
                \(form.field("new_value.base_path", label: "Base path", value: "/", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                \(form.field("new_value.associated_port", label: "Container port", type: "number", value: "80", attributes: "min=\"1\" max=\"65535\""))
                </div>
                \(form.select("new_value.strip_prefix", label: "Strip the base path", options: [("true", "Yes"), ("false", "No")], selected: "true"))
                """))
            """)
    }

    var ports: HTML {
        let form = errors.scoped("port-add")
        let items = configuration.ports.map { item("\($0.host) → \($0.forwarded)", field: .ports, id: $0.id) }
        return card(
            "ports", "Published ports",
            """
            \(list(items, empty: "No port published on the server."))
            \(changeForm("port-add", field: .ports, kind: .add, button: "Publish port", """
                <div class="pair">
                \(form.field("new_value.host", label: "Server port", type: "number", attributes: "min=\"1\" max=\"65535\""))
                \(form.field("new_value.forwarded", label: "Container port", type: "number", attributes: "min=\"1\" max=\"65535\""))
                </div>
                """))
            """)
    }

    var volumes: HTML {
        let form = errors.scoped("volume-add")
        let items = configuration.volumes.map { volume in
            item(
                "\(volume.hostPath ?? volume.name) → \(volume.containerPath) (\(volume.mode == .readOnly ? "read only" : "read-write"))",
                field: .volumes, id: volume.id)
        }
        return card(
            "volumes", "Volumes",
            """
            \(list(items, empty: "No volume: files written in the container go with it."))
            \(changeForm("volume-add", field: .volumes, kind: .add, button: "Add volume", """
                \(form.field("new_value.container_path", label: "Path in the container", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"/data\""))
                \(form.field("new_value.name", label: "Name", hint: "Leave it empty for a generated one.", attributes: "autocomplete=\"off\""))
                \(form.field("new_value.host_path", label: "Server directory", hint: "Only for a bind mount, which is read only.", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                """))
            """)
    }

    var sharedVolumes: HTML {
        let form = errors.scoped("shared-add")
        let names = Dictionary(shareable.map { ($0.volume.id, "\($0.owner.slug) / \($0.volume.name)") }) { first, _ in
            first
        }
        let items = configuration.sharedVolumes.map { shared in
            item(
                "\(names[shared.volumeID] ?? shared.volumeID) → \(shared.containerPath)", field: .sharedVolumes,
                id: shared.id)
        }
        let adding: HTML =
            shareable.isEmpty
            ? "<p class=\"hint\">No other service of this environment has a volume to share.</p>"
            : changeForm(
                "shared-add", field: .sharedVolumes, kind: .add, button: "Mount volume",
                """
                \(form.select("new_value.volume_id", label: "Volume", options: shareable.map { ($0.volume.id, names[$0.volume.id] ?? $0.volume.name) }, selected: ""))
                \(form.field("new_value.container_path", label: "Path in the container", attributes: "autocomplete=\"off\" spellcheck=\"false\""))
                """)
        return card(
            "shared-volumes", "Shared volumes",
            "\(list(items, empty: "No volume of another service mounted."))\(adding)")
    }

    var configs: HTML {
        let form = errors.scoped("config-add")
        let items = configuration.configs.map { item("\($0.mountPath) (\($0.name))", field: .configs, id: $0.id) }
        return card(
            "configs", "Config files",
            """
            \(list(items, empty: "No config file."))
            \(changeForm("config-add", field: .configs, kind: .add, button: "Add file", """
                \(form.field("new_value.mount_path", label: "Path in the container", attributes: "autocomplete=\"off\" spellcheck=\"false\" placeholder=\"/etc/app/config.toml\""))
                \(form.textArea("new_value.contents", label: "Contents", attributes: "rows=\"4\" spellcheck=\"false\" class=\"mono\""))
                """))
            """)
    }
}
