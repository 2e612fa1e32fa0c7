import ArgumentParser
import Client
import Foundation

/// `upmon health`: asks a server's `grpc.health.v1.Health/Check`; exits 0 when SERVING.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Check that an UploadMonitor server is serving.")

    @Option(help: "Server address as host:port.")
    var server = "127.0.0.1:50051"

    @Option(help: "Service name to check; empty checks the whole server.")
    var service = ""

    func run() async throws {
        let client = try UploadMonitorClient(address: server)
        defer { Task { await client.close() } }
        let status = try await client.checkHealth(service: service, options: .init(timeout: .seconds(5)))
        print(status)
        if status != .serving { throw ExitCode(4) }
    }
}
