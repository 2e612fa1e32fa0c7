import InteropSupport
import Testing

/// A stock grpcio client (Tests/Interop/interop_client.py) against our server.
@Suite("grpcio client against upmon's server")
struct PythonClientInteropTests {
    static let cases = [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "server_streaming_many", "ping_pong", "empty_stream",
        "special_status_message", "status_code_and_message", "unimplemented_method",
        "unimplemented_service", "cancel_after_begin", "timeout_on_sleeping_server", "custom_metadata",
        "health", "concurrent_2000",
    ]

    @Test("interop case passes", arguments: cases)
    func interopCase(_ name: String) async throws {
        let server = try await TestServer.start()
        let client = try PythonProcess(script: "interop_client.py", arguments: [server.target, name])
        let result = await client.finish()
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS \(name)"))
    }
}
