import Foundation
import Testing

@testable import Domain

@Suite("Deployment snapshots: typed, versioned, old forms still read")
struct DeploymentSnapshotTests {
    static func snapshot() -> DeploymentSnapshot {
        var service = Service(
            id: "srv_dkr_Ab12Cd34", slug: "web", kind: .dockerRegistry, projectID: "prj_1",
            environmentID: "project_env_abc", image: "nginx:1.27", command: "nginx -g 'daemon off;'",
            networkAlias: "zn-web-Ab12Cd34", deployToken: "0123456789abcdef0123456789abcdef",
            createdAt: Timestamp(microseconds: 1_700_000_000_123_456),
            updatedAt: Timestamp(microseconds: 1_700_000_001_000_000))
        service.watchPaths = "src/**"
        service.autoDeployEnabled = false
        var configuration = ServiceConfiguration(image: "nginx:1.27", command: "nginx -g 'daemon off;'")
        configuration.healthcheck = HealthCheck(
            json: [
                "type": "PATH", "value": "/up", "timeout_seconds": 10, "interval_seconds": 20, "associated_port": 80,
            ],
            id: "htc_1")
        configuration.resourceLimits = ResourceLimits(json: [
            "cpus": .double(0.5), "memory": ["value": 256, "unit": "MEGABYTES"],
        ])
        configuration.urls = [
            ServiceURL(json: ["domain": "web.example.com", "base_path": "/", "associated_port": 80], id: "url_1")!
        ]
        configuration.volumes = [
            Volume(json: ["name": "data", "container_path": "/data", "mode": "READ_WRITE"], id: "vol_1")!
        ]
        configuration.envVariables = [EnvVariable(json: ["key": "A", "value": "{{env.SHARED}}"], id: "env_dkr_1")!]
        configuration.gitSource = GitSource(repositoryURL: "https://github.com/zane/web.git", branchName: "main")
        var site = StaticDirectoryOptions()
        site.isSPA = true
        configuration.builder = .staticDirectory(site)
        return DeploymentSnapshot(
            service: service,
            environment: Environment(
                id: "project_env_abc", projectID: "prj_1", name: "production", createdAt: Timestamp(microseconds: 5)),
            sharedVariables: [
                SharedVariable(id: "env_prj_1", environmentID: "project_env_abc", key: "SHARED", value: "s")
            ],
            configuration: configuration)
    }

    @Test func theStoredFormCarriesItsVersionAndReadsBackEqual() throws {
        let snapshot = Self.snapshot()
        #expect(snapshot.stored["version"] == .int(DeploymentSnapshot.currentVersion))
        let text = snapshot.stored.jsonText
        let read = try #require(DeploymentSnapshot(stored: try JSONBodyParser.parse(Array(text.utf8))))
        #expect(read == snapshot)
        #expect(read.service.watchPaths == "src/**" && read.service.autoDeployEnabled == false)
        #expect(read.service.createdAt.microseconds == 1_700_000_000_123_456, "times keep their microseconds")
    }

    @Test func itIsCodable() throws {
        let snapshot = Self.snapshot()
        let data = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(DeploymentSnapshot.self, from: data) == snapshot)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DeploymentSnapshot.self, from: Data(#"{"version": 99}"#.utf8))
        }
    }

    @Test func unknownVersionsAndShapesAreNotGuessed() {
        #expect(DeploymentSnapshot(stored: ["version": 2, "service": [:]]) == nil)
        #expect(DeploymentSnapshot(stored: ["version": "1"]) == nil)
        #expect(DeploymentSnapshot(stored: .null) == nil)
        #expect(DeploymentSnapshot(stored: ["version": 1]) == nil)
    }

    /// A snapshot stored before versions existed: the service object as the API showed it.
    @Test func aSnapshotStoredAsTheServiceObjectStillReads() throws {
        let legacy = """
            {"id":"srv_dkr_Ab12Cd34","slug":"web","type":"DOCKER_REGISTRY","created_at":"2023-11-14T22:13:20.123456Z",
            "updated_at":"2023-11-14T22:13:21Z","project_id":"prj_1",
            "environment":{"id":"project_env_abc","name":"production","is_preview":false,
              "created_at":"2023-11-14T22:13:20Z","variables":[{"id":"env_prj_1","key":"SHARED","value":"s"}]},
            "image":"nginx:1.27","command":"nginx -g 'daemon off;'",
            "healthcheck":{"id":"htc_1","type":"PATH","value":"/up","timeout_seconds":10,"interval_seconds":20,
              "associated_port":80},
            "resource_limits":{"cpus":0.5,"memory":{"value":256,"unit":"MEGABYTES"}},"credentials":null,
            "urls":[{"id":"url_1","domain":"web.example.com","base_path":"/","strip_prefix":true,"redirect_to":null,
              "associated_port":80}],
            "ports":[],"volumes":[{"id":"vol_1","name":"data","container_path":"/data","host_path":null,"mode":"READ_WRITE"}],
            "shared_volumes":[],"configs":[],"env_variables":[{"id":"env_dkr_1","key":"A","value":"{{env.SHARED}}"}],
            "system_env_variables":[{"key":"ZANE","value":"true","comment":""}],
            "network_alias":"zn-web-Ab12Cd34","network_aliases":["zn-web-Ab12Cd34.zaneops.internal","zn-web-Ab12Cd34"],
            "global_network_alias":"zn-web-Ab12Cd34.abc.zaneops.internal","deploy_token":"0123456789abcdef0123456789abcdef",
            "unapplied_changes":[],"auto_deploy_enabled":false,"watch_paths":"src/**",
            "cleanup_queue_on_auto_deploy":true,"pr_preview_envs_enabled":true}
            """
        let read = try #require(DeploymentSnapshot(stored: try JSONBodyParser.parse(Array(legacy.utf8))))
        var expected = Self.snapshot()
        (expected.configuration.gitSource, expected.configuration.builder) = (nil, nil)  // docker services only then
        #expect(read.configuration == expected.configuration)
        #expect(
            read.serviceID == expected.serviceID && read.projectID == "prj_1" && read.environmentID == "project_env_abc"
        )
        #expect(read.networkAliases == ["zn-web-Ab12Cd34.zaneops.internal", "zn-web-Ab12Cd34"])
        #expect(read.globalNetworkAlias == "zn-web-Ab12Cd34.abc.zaneops.internal")
        #expect(read.sharedVariables.map(\.key) == ["SHARED"] && read.environment.name == "production")
        #expect(read.service.watchPaths == "src/**" && read.service.deployToken == expected.service.deployToken)
        #expect(read.service.createdAt.microseconds == 1_700_000_000_123_456)
        #expect(DeploymentSnapshot(stored: read.stored) == read, "a legacy snapshot is stored in the current form")
    }

    @Test func theContainerGetsSharedServiceAndSystemVariables() {
        let snapshot = Self.snapshot()
        let deployment = Deployment(
            serviceID: snapshot.serviceID, slot: .green, trigger: .manual, commitMessage: "", snapshot: snapshot,
            changes: [], queuedAt: Timestamp(microseconds: 0))
        let variables = ContainerEnvironment.variables(of: snapshot, deployment: deployment)
        #expect(variables.contains("SHARED=s") && variables.contains("A=s"))
        #expect(variables.contains("ZANE_DEPLOYMENT_SLOT=GREEN") && variables.contains("ZANE_ENVIRONMENT=production"))
        #expect(variables.contains("ZANE_DOMAINS=web.example.com"))
    }
}
