import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Wire

/// The UploadMonitor server as a ServiceLifecycle service: UploadMonitor and Health on one port.
///
/// On graceful shutdown (SIGTERM/SIGINT through a `ServiceGroup`) it sends GOAWAY, lets calls in
/// flight finish within the configured grace period, then returns.
public final class UploadMonitorServer: Service {
    /// Where and how to serve.
    public struct Config: Sendable {
        public var host: String
        public var port: Int
        /// Directory for the server's data (uploads, store).
        public var dataDirectory: String
        public var rpc: ServerConfiguration

        /// 127.0.0.1:50051, data in `./upmon-data`, `ServerConfiguration.defaults`.
        public static var defaults: Config {
            Config(host: "127.0.0.1", port: 50051, dataDirectory: "upmon-data", rpc: .defaults)
        }

        public init(host: String, port: Int, dataDirectory: String, rpc: ServerConfiguration) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
            self.rpc = rpc
        }
    }

    public let health = HealthService()
    private let config: Config
    private let extraRoutes: RPCRouter
    private let logger: Logger
    private let running = NIOLockedValueBox<Running?>(nil)

    /// What exists while the server runs.
    private struct Running: Sendable {
        let server: RPCServer
        let store: UploadStore
        let coordinator: UploadCoordinator
    }

    private let onStarted: @Sendable (SocketAddress) -> Void

    /// - Parameters:
    ///   - extraRoutes: further services to serve on the same port (tests, benchmarks).
    ///   - onStarted: called once the port is bound.
    public init(
        config: Config, logger: Logger, extraRoutes: RPCRouter = RPCRouter(),
        onStarted: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.config = config
        self.logger = logger
        self.extraRoutes = extraRoutes
        self.onStarted = onStarted
    }

    /// Opens the store in the data directory, binds the port, and resumes unfinished uploads.
    /// - Returns: the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let store = try await UploadStore.open(
            path: (config.dataDirectory as NSString).appendingPathComponent("upmon.sqlite"), logger: logger)
        // The process-wide client: it needs no shutdown, so no exit path can leak one.
        let httpClient = HTTPClient.shared
        let coordinator = UploadCoordinator(
            store: store, dataDirectory: config.dataDirectory, httpClient: httpClient, logger: logger)
        var router = RPCRouter()
        UploadMonitorService(uploads: UploadHandlers(coordinator: coordinator)).register(into: &router)
        health.register(into: &router)
        router.merge(extraRoutes)
        let server = RPCServer(router: router, configuration: config.rpc, logger: logger)
        let address: SocketAddress
        do {
            address = try await server.start(host: config.host, port: config.port)
        } catch {
            try? await store.close()
            throw error
        }
        running.withLockedValue {
            $0 = Running(server: server, store: store, coordinator: coordinator)
        }
        try await coordinator.resumeUnfinished()
        health.setStatus(.serving, for: "")
        health.setStatus(.serving, for: "uploadmonitor.v1.UploadMonitor")
        logger.info("serving", metadata: ["address": "\(address)", "data-dir": "\(config.dataDirectory)"])
        onStarted(address)
        return address
    }

    /// Starts draining: health turns NOT_SERVING, GOAWAY goes out, calls in flight finish.
    public func beginGracefulShutdown() {
        health.setStatus(.notServing, for: "")
        health.setStatus(.notServing, for: "uploadmonitor.v1.UploadMonitor")
        health.finishWatches()
        running.withLockedValue { $0 }?.server.beginGracefulShutdown()
    }

    /// Serves (starting first if `start()` was not called) until a graceful shutdown has drained
    /// the connections, then stops the uploads (they resume on the next start) and closes the store.
    public func run() async throws {
        if running.withLockedValue({ $0 }) == nil { try await start() }
        guard let running = running.withLockedValue({ $0 }) else { return }
        try await withGracefulShutdownHandler {
            try await running.server.run()
        } onGracefulShutdown: {
            self.logger.info("graceful shutdown: draining connections")
            self.beginGracefulShutdown()
        }
        await running.coordinator.stopAll()
        try await running.store.close()
        logger.info("stopped")
    }
}
