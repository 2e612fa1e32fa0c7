import ArgumentParser
import Foundation
import Logging
import Server
import ServiceLifecycle
import Wire

/// `upmon serve`: serves UploadMonitor and Health until SIGTERM or SIGINT, then drains.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the UploadMonitor API over gRPC (cleartext HTTP/2).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port).")
    var port = 50051

    @Option(name: .customLong("data-dir"), help: "Directory for uploads and the store.")
    var dataDirectory = "upmon-data"

    @Option(help: "Maximum concurrent calls per connection (SETTINGS_MAX_CONCURRENT_STREAMS).")
    var maxConcurrentStreams = ServerConfiguration.defaults.maxConcurrentStreams

    @Option(help: "Seconds in-flight calls may run after SIGTERM/SIGINT.")
    var shutdownGraceSeconds = 10

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "upmon.serve")
        var rpc = ServerConfiguration.defaults
        rpc.maxConcurrentStreams = maxConcurrentStreams
        rpc.shutdownGracePeriod = .seconds(Int64(shutdownGraceSeconds))
        let (host, port) = (host, port)
        // The server starts inside the service group, once its signal handlers are installed; the
        // line is written unbuffered because scripts wait for it to learn the port.
        let server = UploadMonitorServer(
            config: .init(host: host, port: port, dataDirectory: dataDirectory, rpc: rpc), logger: logger
        ) { address in
            let ready = "upmon listening on \(address.ipAddress ?? host):\(address.port ?? port)\n"
            FileHandle.standardOutput.write(Data(ready.utf8))
        }
        let group = ServiceGroup(
            services: [server], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger)
        try await group.run()
    }
}
