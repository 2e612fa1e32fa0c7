import Client
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
}
