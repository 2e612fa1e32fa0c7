import Foundation
import InteropSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Server
import Wire

/// An `UploadMonitorServer` on 127.0.0.1 and a free port, with the interop test service added.
struct TestServer {
    let server: UploadMonitorServer
    let testService: InteropTestService
    let port: Int

    var target: String { "127.0.0.1:\(port)" }

    func connection() -> RPCConnection {
        RPCConnection(host: "127.0.0.1", port: port)
    }

    static func start(
        routes extraRoutes: RPCRouter = RPCRouter(), configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let testService = InteropTestService()
        var routes = extraRoutes
        testService.register(into: &routes)
        var rpc = ServerConfiguration.defaults
        rpc.shutdownGracePeriod = .seconds(5)
        configure(&rpc)
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let server = UploadMonitorServer(
            config: .init(host: "127.0.0.1", port: 0, dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("upmon-test-\(UUID())").path, rpc: rpc), logger: logger,
            extraRoutes: routes)
        let address = try await server.start()
        unstopped.withLockedValue { $0[address.port!] = server }
        return TestServer(server: server, testService: testService, port: address.port!)
    }

    /// Servers a test started and did not stop (it failed first). They stay referenced until the
    /// test process ends, so the teardown checks of their store cannot crash the remaining tests.
    private static let unstopped = NIOLockedValueBox<[Int: UploadMonitorServer]>([:])

    /// Drains and waits until every connection has closed.
    func stop() async throws {
        server.beginGracefulShutdown()
        try await server.run()
        _ = Self.unstopped.withLockedValue { $0.removeValue(forKey: port) }
    }
}
