import InteropSupport
import Testing

/// Misbehaving raw HTTP/2 clients (Tests/Interop/h2_abuse.py) against our server.
@Suite("Protocol abuse and malformed requests")
struct AbuseTests {
    @Test(
        "the server answers or survives",
        arguments: ["rapid_reset", "large_headers", "content_type", "missing_te", "bad_message", "oversized", "compressed_flag"])
    func abuseCase(_ name: String) async throws {
        let server = try await TestServer.start()
        let client = try PythonProcess(script: "h2_abuse.py", arguments: [server.target, name])
        let result = await client.finish()
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS \(name)"))
    }
}
