import Foundation
import Logging
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
    private let server: RPCServer
    private let logger: Logger

    /// - Parameter extraRoutes: further services to serve on the same port (tests, benchmarks).
    public init(config: Config, logger: Logger, extraRoutes: RPCRouter = RPCRouter()) {
        var router = RPCRouter()
        UploadMonitorService().register(into: &router)
        health.register(into: &router)
        router.merge(extraRoutes)
        self.config = config
        self.logger = logger
        self.server = RPCServer(router: router, configuration: config.rpc, logger: logger)
    }

    /// Binds the port; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let address = try await server.start(host: config.host, port: config.port)
        health.setStatus(.serving, for: "")
        health.setStatus(.serving, for: "uploadmonitor.v1.UploadMonitor")
        logger.info("serving", metadata: ["address": "\(address)", "data-dir": "\(config.dataDirectory)"])
        return address
    }

    /// Starts draining: health turns NOT_SERVING, GOAWAY goes out, calls in flight finish.
    public func beginGracefulShutdown() {
        health.setStatus(.notServing, for: "")
        health.setStatus(.notServing, for: "uploadmonitor.v1.UploadMonitor")
        health.finishWatches()
        server.beginGracefulShutdown()
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            self.logger.info("graceful shutdown: draining connections")
            self.beginGracefulShutdown()
        }
        logger.info("stopped")
    }
}
