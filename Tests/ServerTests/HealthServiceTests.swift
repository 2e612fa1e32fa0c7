import Client
import InteropSupport
import Testing

@Suite("Health service")
struct HealthServiceTests {
    @Test("Watch reports changes and ends with NOT_SERVING when the server drains")
    func watchSeesShutdown() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        let statuses = try await connection.serverStreaming(
            HealthMethods.watch, HealthCheckRequest(service: "custom.Service"), as: HealthCheckResponse.self
        ) { responses in
            var seen: [HealthCheckResponse.ServingStatus] = []
            for try await response in responses {
                seen.append(response.status)
                switch seen.count {
                case 1: server.server.health.setStatus(.serving, for: "custom.Service")
                case 2: server.server.health.setStatus(.notServing, for: "custom.Service")
                case 3: server.server.beginGracefulShutdown()
                default: break
                }
            }
            return seen
        }
        #expect(statuses == [.serviceUnknown, .serving, .notServing])
        try await server.server.run()
        await connection.close()
    }

    @Test("Check answers SERVING for the server and the UploadMonitor service, NOT_FOUND otherwise")
    func check() async throws {
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        #expect(try await client.checkHealth() == .serving)
        #expect(try await client.checkHealth(service: "uploadmonitor.v1.UploadMonitor") == .serving)
        let error = await #expect(throws: RPCError.self) { try await client.checkHealth(service: "nope") }
        #expect(error?.code == .notFound)
        await client.close()
        try await server.stop()
    }

    @Test("UploadMonitor methods not built yet answer UNIMPLEMENTED naming the method")
    func unimplementedMethods() async throws {
        let server = try await TestServer.start()
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        let error = await #expect(throws: RPCError.self) { try await client.getProgress(GetProgressRequest(uploadID: "u1")) }
        #expect(error?.code == .unimplemented)
        #expect(error?.message.contains("GetProgress") == true)
        await client.close()
        try await server.stop()
    }
}
