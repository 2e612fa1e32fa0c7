// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "UploadMonitor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "upmon", targets: ["upmon"]),
        .library(name: "Client", targets: ["Client"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Schema", targets: ["Schema"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", exact: "1.13.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CNGHTTP2",
            pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "Wire",
            dependencies: [
                "CNGHTTP2",
                "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Schema", dependencies: ["Wire"]),
        .target(
            name: "Pipeline",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DemoTarget",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Wire",
                "Schema",
                "Pipeline",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "Client",
            dependencies: ["Wire", "Schema", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .executableTarget(
            name: "upmon",
            dependencies: [
                "Server",
                "Client",
                "DemoTarget",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "InteropSupport",
            dependencies: ["Wire", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            path: "Tests/InteropSupport"
        ),
        .testTarget(
            name: "WireTests",
            dependencies: ["Wire", "CNGHTTP2", "COpenSSL", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "SchemaTests", dependencies: ["Schema", "InteropSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Client", "InteropSupport", "DemoTarget"]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "InteropSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Client", "DemoTarget",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "InteropSupport", "DemoTarget",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
