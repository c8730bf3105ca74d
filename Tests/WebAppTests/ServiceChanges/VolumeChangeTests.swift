import Foundation
import TestSupport
import Testing

@Suite("Service changes: volumes, shared volumes, config files", .tags(.db))
struct VolumeChangeTests {
    func addVolume(_ bench: ServiceWorkbench, _ slug: String, _ value: String) async throws -> TestResponse {
        try await bench.change(slug, #"{"field": "volumes", "type": "ADD", "new_value": \#(value)}"#)
    }

    @Test(arguments: TestDatabase.enabled)
    func volumePathsModesAndHostPaths(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            try await bench.createService("api")
            #expect(
                try await addVolume(bench, "web", #"{"container_path": "data"}"#).attrs == ["new_value.container_path"])
            #expect(
                try await addVolume(
                    bench, "web", #"{"container_path": "/data", "host_path": "/srv", "mode": "READ_WRITE"}"#
                ).details
                    == ["Volumes with a host path can only be mounted in `read only` mode."])
            #expect(
                try await addVolume(bench, "web", #"{"container_path": "/data", "mode": "WRITE_ONLY"}"#).attrs == [
                    "new_value.mode"
                ])
            #expect(try await addVolume(bench, "web", #"{"container_path": "/data"}"#).status == .ok)
            let docker = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(
                docker["mode"] as? String == "READ_WRITE" && docker["host_path"] is NSNull
                    && (docker["name"] as? String)?.isEmpty == false)
            #expect(
                try await addVolume(bench, "web", #"{"container_path": "/data", "name": "again"}"#).attrs == [
                    "new_value.container_path"
                ])
            #expect(
                try await addVolume(bench, "web", #"{"container_path": "/logs", "host_path": "/srv/logs"}"#).status
                    == .ok)
            let bind = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(bind["mode"] as? String == "READ_ONLY")
            #expect(
                try await addVolume(bench, "web", #"{"container_path": "/logs2", "host_path": "/srv/logs"}"#).attrs == [
                    "new_value.host_path"
                ])
            #expect(
                try await addVolume(bench, "api", #"{"container_path": "/logs", "host_path": "/srv/logs"}"#).status
                    == .ok,
                "two services may both read a host path")

            try await applyPendingChanges(app, bench, "web")
            let volumes = try #require(try await bench.details("web")["volumes"] as? [[String: Any]])
            let dockerID = try #require(volumes.first { $0["host_path"] is NSNull }?["id"] as? String)
            let bindID = try #require(volumes.first { $0["host_path"] as? String == "/srv/logs" }?["id"] as? String)
            #expect(dockerID.hasPrefix("vol_"))
            let addHost = try await bench.change(
                "web",
                #"{"field": "volumes", "type": "UPDATE", "item_id": "\#(dockerID)", "new_value": {"container_path": "/data", "host_path": "/srv/data"}}"#
            )
            #expect(addHost.attrs == ["new_value.host_path"])
            let removeHost = try await bench.change(
                "web",
                #"{"field": "volumes", "type": "UPDATE", "item_id": "\#(bindID)", "new_value": {"container_path": "/logs"}}"#
            )
            #expect(removeHost.attrs == ["new_value.host_path"])
            let rename = try await bench.change(
                "web",
                #"{"field": "volumes", "type": "UPDATE", "item_id": "\#(dockerID)", "new_value": {"container_path": "/var/data", "name": "data"}}"#
            )
            #expect(rename.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func sharedVolumesMountAnotherServicesDockerVolume(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("db")
            try await bench.createService("web")
            _ = try await addVolume(bench, "db", #"{"container_path": "/data", "name": "pgdata"}"#)
            _ = try await addVolume(bench, "db", #"{"container_path": "/etc/host", "host_path": "/etc/hostname"}"#)
            _ = try await addVolume(bench, "web", #"{"container_path": "/own"}"#)
            try await applyPendingChanges(app, bench, "db")
            try await applyPendingChanges(app, bench, "web")
            let dbVolumes = try #require(try await bench.details("db")["volumes"] as? [[String: Any]])
            let dataID = try #require(dbVolumes.first { $0["host_path"] is NSNull }?["id"] as? String)
            let hostID = try #require(dbVolumes.first { $0["host_path"] is String }?["id"] as? String)
            let ownID = try #require(
                (try await bench.details("web")["volumes"] as? [[String: Any]])?.first?["id"] as? String)

            let available = try await bench.client.send(.GET, "\(bench.base)/web/available-volumes").array
            #expect(available.map { $0["id"] as? String } == [dataID], "only the other services' Docker volumes")
            #expect((available.first?["service"] as? [String: Any])?["slug"] as? String == "db")

            func share(_ volumeID: String, at path: String = "/shared") async throws -> TestResponse {
                try await bench.change(
                    "web",
                    #"{"field": "shared_volumes", "type": "ADD", "new_value": {"volume_id": "\#(volumeID)", "container_path": "\#(path)"}}"#
                )
            }
            #expect(try await share("vol_missing").attrs == ["new_value.volume_id"])
            #expect(try await share(hostID).attrs == ["new_value.volume_id"])
            #expect(try await share(ownID).details == ["Cannot share a volume of this same service."])
            #expect(try await share(dataID, at: "/own").attrs == ["new_value.container_path"])
            #expect(try await share(dataID).status == .ok)
            let shared = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            let volume = try #require(shared["volume"] as? [String: Any])
            #expect(
                volume["name"] as? String == "pgdata"
                    && (volume["service"] as? [String: Any])?["slug"] as? String == "db")
            #expect(
                try await share(dataID, at: "/again").details == ["This volume is already shared with this service."])

            let delete = try await bench.change(
                "db", #"{"field": "volumes", "type": "DELETE", "item_id": "\#(dataID)"}"#)
            #expect(delete.attrs == ["item_id"], "a volume another service mounts cannot be deleted")
            let archive = try await bench.client.send(.DELETE, "\(bench.base)/archive-service/docker/db")
            #expect(archive.status == .conflict)

            let other = try await bench.client.send(
                .POST, "/api/projects/shop/create-environment", json: #"{"name": "staging"}"#)
            #expect(other.status == .created)
            _ = try await bench.client.send(
                .POST, "/api/projects/shop/staging/create-service/docker",
                json: #"{"slug": "worker", "image": "nginx"}"#)
            let elsewhere = try await bench.client.send(
                .PUT, "/api/projects/shop/staging/request-service-changes/worker",
                json:
                    #"{"field": "shared_volumes", "type": "ADD", "new_value": {"volume_id": "\#(dataID)", "container_path": "/d"}}"#
            )
            #expect(elsewhere.attrs == ["new_value.volume_id"], "only volumes of the same environment")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func configFilesNeedTheirOwnMountPath(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            func add(_ value: String) async throws -> TestResponse {
                try await bench.change("web", #"{"field": "configs", "type": "ADD", "new_value": \#(value)}"#)
            }
            #expect(try await add(#"{"mount_path": "/etc/app.conf"}"#).attrs == ["new_value.contents"])
            #expect(try await add(#"{"contents": "a", "mount_path": "app.conf"}"#).attrs == ["new_value.mount_path"])
            #expect(try await add(#"{"contents": "  port = 80\n", "mount_path": "/etc/app.conf"}"#).status == .ok)
            let config = try #require(try await bench.pending("web").last?["new_value"] as? [String: Any])
            #expect(config["contents"] as? String == "  port = 80\n" && config["language"] as? String == "plaintext")
            #expect(
                try await add(#"{"contents": "", "mount_path": "/etc/app.conf"}"#).attrs == ["new_value.mount_path"])
            _ = try await addVolume(bench, "web", #"{"container_path": "/etc/other.conf"}"#)
            #expect(
                try await add(#"{"contents": "", "mount_path": "/etc/other.conf"}"#).details == [
                    "Another volume is already attached on the same path in this service."
                ])

            try await applyPendingChanges(app, bench, "web")
            let applied = try #require((try await bench.details("web")["configs"] as? [[String: Any]])?.first)
            let id = try #require(applied["id"] as? String)
            #expect(id.hasPrefix("cf_") && applied["version"] as? Int == 1)
            _ = try await bench.change(
                "web",
                #"{"field": "configs", "type": "UPDATE", "item_id": "\#(id)", "new_value": {"contents": "port = 81", "mount_path": "/etc/app.conf"}}"#
            )
            try await applyPendingChanges(app, bench, "web")
            let updated = try #require((try await bench.details("web")["configs"] as? [[String: Any]])?.first)
            #expect(updated["version"] as? Int == 2 && updated["contents"] as? String == "port = 81")
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func cancellingMustNotLeaveDuplicateMounts(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            _ = try await addVolume(bench, "web", #"{"container_path": "/data"}"#)
            _ = try await bench.change(
                "web", #"{"field": "configs", "type": "ADD", "new_value": {"contents": "", "mount_path": "/etc/a"}}"#)
            try await applyPendingChanges(app, bench, "web")
            let details = try await bench.details("web")
            let volumeID = try #require((details["volumes"] as? [[String: Any]])?.first?["id"] as? String)
            let configID = try #require((details["configs"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await bench.change("web", #"{"field": "volumes", "type": "DELETE", "item_id": "\#(volumeID)"}"#)
            #expect(try await addVolume(bench, "web", #"{"container_path": "/data"}"#).status == .ok)
            _ = try await bench.change("web", #"{"field": "configs", "type": "DELETE", "item_id": "\#(configID)"}"#)
            _ = try await bench.change(
                "web", #"{"field": "configs", "type": "ADD", "new_value": {"contents": "", "mount_path": "/etc/a"}}"#)
            let pending = try await bench.pending("web")
            let volumeDelete = try #require(pending.first { $0["item_id"] as? String == volumeID }?["id"] as? String)
            let configDelete = try #require(pending.first { $0["item_id"] as? String == configID }?["id"] as? String)
            let volumeCancel = try await bench.cancel("web", change: volumeDelete)
            #expect(
                volumeCancel.status == .conflict
                    && (volumeCancel.firstError["detail"] as? String)?.contains("duplicate volumes") == true)
            let configCancel = try await bench.cancel("web", change: configDelete)
            #expect(
                configCancel.status == .conflict
                    && (configCancel.firstError["detail"] as? String)?.contains("duplicate config files") == true)
            let addition = try #require(pending.last?["id"] as? String)
            #expect(try await bench.cancel("web", change: addition).status == .noContent)
            #expect(try await bench.cancel("web", change: configDelete).status == .noContent)
            #expect(try await bench.cancel("web", change: configDelete).status == .notFound)
        }
    }
}
