import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A gRPC-compatible server over cleartext HTTP/2 (prior knowledge), one nghttp2 session per
/// connection on SwiftNIO event loops.
///
/// `start()` binds; `run()` serves until the listener closes. `beginGracefulShutdown()` stops
/// accepting, sends GOAWAY on every connection, lets in-flight calls finish within
/// `ServerConfiguration.shutdownGracePeriod`, then closes.
public final class RPCServer: Sendable {
    private let router: RPCRouter
    private let configuration: ServerConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var isShuttingDown = false
    }

    public init(
        router: RPCRouter, configuration: ServerConfiguration = .defaults,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.router = router
        self.configuration = configuration
        self.group = group
        self.logger = logger
    }

    /// Binds the listening socket and returns the bound address (port 0 picks a free port).
    @discardableResult
    public func start(host: String, port: Int) async throws -> SocketAddress {
        let router = router
        let configuration = configuration
        let logger = logger
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = ServerConnectionHandler(
                        router: router, configuration: configuration, eventLoop: channel.eventLoop,
                        logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    track(channel)
                }
            }
            .bind(host: host, port: port)
            .get()
        state.withLockedValue { $0.listener = listener }
        return listener.localAddress!
    }

    /// Waits until the server has shut down and every connection has closed.
    public func run() async throws {
        guard let listener = state.withLockedValue({ $0.listener }) else { return }
        try await listener.closeFuture.get()
        while let connection = state.withLockedValue({ $0.connections.values.first }) {
            try? await connection.closeFuture.get()
        }
    }

    /// Stops accepting connections and drains the open ones.
    public func beginGracefulShutdown() {
        let (listener, connections) = state.withLockedValue { state in
            state.isShuttingDown = true
            return (state.listener, Array(state.connections.values))
        }
        listener?.close(promise: nil)
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(GracefulShutdownEvent())
        }
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let shuttingDown = state.withLockedValue { state in
            state.connections[id] = channel
            return state.isShuttingDown
        }
        if shuttingDown {
            channel.pipeline.fireUserInboundEventTriggered(GracefulShutdownEvent())
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
    }
}
