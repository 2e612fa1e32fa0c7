import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A client's connection to one gRPC server over cleartext HTTP/2, shared by all its calls.
///
/// Connects on first use and again after the server closed or drained the connection; calls in
/// flight are multiplexed on one HTTP/2 connection, queued by nghttp2 when the server's
/// SETTINGS_MAX_CONCURRENT_STREAMS is reached.
public final class RPCConnection: Sendable {
    public let host: String
    public let port: Int
    private let configuration: ClientConfiguration
    private let group: any EventLoopGroup
    private let current = NIOLockedValueBox<EventLoopFuture<(any Channel, NIOLoopBound<ClientConnectionHandler>)>?>(nil)

    public init(
        host: String, port: Int, configuration: ClientConfiguration = .defaults,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.group = group
    }

    /// Starts a call. The returned call sends nothing until `send` or `finishSending`.
    public func makeCall(path: String, options: CallOptions = .defaults) async throws -> ClientCall {
        let (channel, handler) = try await connection()
        let stream = try await channel.eventLoop.submit {
            try handler.value.openStream(path: path, options: options).get()
        }.get()
        return ClientCall(stream: stream)
    }

    /// Closes the connection; calls in flight fail with UNAVAILABLE.
    public func close() async {
        let existing = current.withLockedValue { current -> EventLoopFuture<(any Channel, NIOLoopBound<ClientConnectionHandler>)>? in
            defer { current = nil }
            return current
        }
        if let existing, let (channel, _) = try? await existing.get() {
            try? await channel.close()
        }
    }

    private func connection() async throws -> (any Channel, NIOLoopBound<ClientConnectionHandler>) {
        let future = current.withLockedValue { current in
            if let existing = current { return existing }
            let created = connect()
            current = created
            return created
        }
        do {
            let (channel, handler) = try await future.get()
            let usable = try await channel.eventLoop.submit { channel.isActive && !handler.value.isUnusable }.get()
            if usable { return (channel, handler) }
        } catch {
            current.withLockedValue { if $0 === future { $0 = nil } }
            throw RPCError(code: .unavailable, message: "cannot connect to \(host):\(port): \(error)")
        }
        current.withLockedValue { if $0 === future { $0 = nil } }
        return try await connection()
    }

    private func connect() -> EventLoopFuture<(any Channel, NIOLoopBound<ClientConnectionHandler>)> {
        let configuration = configuration
        let authority = "\(host):\(port)"
        // The handler goes in before the connection opens, so that the server's SETTINGS (sent
        // as soon as it accepts) can never arrive ahead of it.
        return ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = ClientConnectionHandler(
                        configuration: configuration, eventLoop: channel.eventLoop, authority: authority)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host, port: port)
            .flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self)
                return (channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
            }
    }
}

extension EventLoopFuture {
    fileprivate static func === (lhs: EventLoopFuture?, rhs: EventLoopFuture) -> Bool {
        lhs.map { ObjectIdentifier($0) == ObjectIdentifier(rhs) } ?? false
    }
}
