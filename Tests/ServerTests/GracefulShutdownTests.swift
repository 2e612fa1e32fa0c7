import Client
import Foundation
import InteropSupport
import Testing

@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("in-flight calls finish after GOAWAY; then the server stops and refuses new connections")
    func inFlightCallsFinish() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        let inFlight = Task {
            try await connection.unary(
                TestServiceMethods.unaryCall, SimpleRequest(responseSize: 3, sleepMs: 500), as: SimpleResponse.self)
        }
        // Once a later call on the same connection has been answered, the sleeping one is running.
        _ = try await connection.unary(TestServiceMethods.emptyCall, SimpleRequest(), as: SimpleResponse.self)
        server.server.beginGracefulShutdown()
        let response = try await inFlight.value
        #expect(response.payload?.body.count == 3)
        try await server.server.run()
        let late = server.connection()
        let error = await #expect(throws: RPCError.self) {
            _ = try await late.unary(TestServiceMethods.emptyCall, SimpleRequest(), as: SimpleResponse.self)
        }
        #expect(error?.code == .unavailable)
        await connection.close()
    }

    @Test("upmon serve drains and exits 0 on SIGTERM")
    func sigterm() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent(".build/debug/upmon")
        process.arguments = ["serve", "--port", "0", "--data-dir", NSTemporaryDirectory()]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                while !text.contains("\n") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }
        }
        let port = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        #expect(port != nil, "unexpected first line: \(line)")
        let client = UploadMonitorClient(host: "127.0.0.1", port: port ?? 0)
        #expect(try await client.checkHealth() == .serving)
        await client.close()
        process.terminate()
        var statuses = exited.stream.makeAsyncIterator()
        #expect(await statuses.next() == 0)
    }
}
