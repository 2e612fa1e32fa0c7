// swift-tools-version:6.1
import PackageDescription

// Benchmark servers, built only by `make bench`: our RPC stack and grpc-swift-2 serving the same
// bench methods with the same message codec, so that the transport and RPC layers are compared.
let package = Package(
    name: "UploadMonitorBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "UploadMonitor", path: ".."),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    ],
    targets: [
        .target(
            name: "BenchShared",
            dependencies: [.product(name: "Schema", package: "UploadMonitor")]
        ),
        .executableTarget(
            name: "UpmonBenchServer",
            dependencies: [
                "BenchShared",
                .product(name: "Wire", package: "UploadMonitor"),
                .product(name: "Schema", package: "UploadMonitor"),
            ]
        ),
        .executableTarget(
            name: "CSVReadBench",
            dependencies: [.product(name: "Pipeline", package: "UploadMonitor")]
        ),
        .executableTarget(
            name: "GRPCSwiftBenchServer",
            dependencies: [
                "BenchShared",
                .product(name: "Schema", package: "UploadMonitor"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ]
        ),
    ]
)
