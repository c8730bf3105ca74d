// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "zane",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zane", targets: ["zane"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(name: "JSONCore", swiftSettings: strictSettings),
        .target(
            name: "Domain",
            dependencies: ["JSONCore"],
            resources: [.copy("Resources/common-passwords.txt")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Persistence",
            dependencies: [
                "Domain",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DockerEngine",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client")
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CaddyAdmin",
            dependencies: [
                "JSONCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Engine",
            dependencies: [
                "Domain",
                "DockerEngine",
                "CaddyAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "WebApp",
            dependencies: [
                "Domain",
                "Persistence",
                "Engine",
                "DockerEngine",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/dashboard")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ZaneClient",
            dependencies: [
                "JSONCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "zane",
            dependencies: [
                "WebApp",
                "ZaneClient",
                "JSONCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "WebApp", "Engine", "DockerEngine",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strictSettings),
        .testTarget(name: "ZaneClientTests", dependencies: ["ZaneClient", "JSONCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "CaddyAdminTests",
            dependencies: ["CaddyAdmin", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EngineTests", dependencies: ["Engine", "Domain", "CaddyAdmin"], swiftSettings: strictSettings),
        .testTarget(
            name: "DockerEngineTests", dependencies: ["DockerEngine", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "PersistenceTests", dependencies: ["Persistence", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "WebAppTests",
            dependencies: [
                "Domain", "Persistence", "WebApp", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
