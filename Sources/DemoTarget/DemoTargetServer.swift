import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A local HTTP/1.1 server that follows the target-API contract, for demos and tests.
///
/// A development tool, not a product feature: it applies each row once per upload (replaying
/// stored replies for a repeated idempotency key) and injects the faults its configuration asks
/// for. `GET /stats` returns its counters as JSON.
public final class DemoTargetServer: Sendable {
    public let ledger = DemoTargetLedger()
    private let configuration: DemoTargetConfiguration
    private let group: any EventLoopGroup
    private let channel: NIOLockedValueBox<(any Channel)?> = NIOLockedValueBox(nil)

    public init(configuration: DemoTargetConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// Binds and returns the bound port (0 picks a free one).
    public func start(host: String = "127.0.0.1", port: Int) async throws -> Int {
        let configuration = configuration
        let ledger = ledger
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(
                        DemoTargetHandler(configuration: configuration, ledger: ledger))
                }
            }
            .bind(host: host, port: port)
            .get()
        channel.withLockedValue { $0 = listener }
        return listener.localAddress?.port ?? port
    }

    /// Serves until `stop()`.
    public func run() async throws {
        try await channel.withLockedValue { $0 }?.closeFuture.get()
    }

    public func stop() async {
        try? await channel.withLockedValue { $0 }?.close()
    }
}
