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
        // One hop to the event loop per call: opening the stream also tells whether the cached
        // connection is still usable; if not, it is replaced once.
        for _ in 0..<2 {
            let (channel, handler, future) = try await connection()
            let opened = try await channel.eventLoop.submit {
                handler.value.openStream(path: path, options: options)
            }.get()
            switch opened {
            case .success(let stream):
                return ClientCall(stream: stream)
            case .failure(let error):
                let replaced = current.withLockedValue { current -> Bool in
                    guard current === future else { return false }
                    current = nil
                    return true
                }
                if !replaced { throw error }
            }
        }
        throw RPCError(code: .unavailable, message: "cannot open a stream to \(host):\(port)")
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

    private func connection() async throws -> (
        any Channel, NIOLoopBound<ClientConnectionHandler>, EventLoopFuture<(any Channel, NIOLoopBound<ClientConnectionHandler>)>
    ) {
        let future = current.withLockedValue { current in
            if let existing = current { return existing }
            let created = connect()
            current = created
            return created
        }
        do {
            let (channel, handler) = try await future.get()
            return (channel, handler, future)
        } catch {
            current.withLockedValue { if $0 === future { $0 = nil } }
            throw RPCError(code: .unavailable, message: "cannot connect to \(host):\(port): \(error)")
        }
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
