import Client
import Foundation
import Testing

@Suite("upmon serve and signals", .serialized)
struct SignalTests {
    @Test("upmon serve drains and exits 0 on SIGTERM")
    func sigterm() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigterm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await UpmonProcess(
            ["serve", "--port", "0", "--data-dir", directory.appendingPathComponent("data").path],
            logPath: directory.appendingPathComponent("server.log").path)
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        #expect(try await client.checkHealth() == .serving)
        await client.close()
        await server.stop()
        #expect(server.process.terminationStatus == 0)
        #expect(server.process.terminationReason == .exit)
    }
}
