import Client
import Foundation
import InteropSupport
import Testing

/// Our Swift client against a stock grpcio server (Tests/Interop/interop_server.py).
@Suite("Swift client against a grpcio server")
struct PythonServerInteropTests {
    /// Starts the Python server, runs `body` with a client connected to it, then stops both.
    private func withPythonServer(_ body: (RPCConnection) async throws -> Void) async throws {
        let server = try PythonProcess(script: "interop_server.py", arguments: ["0"])
        guard let portText = await server.waitForLine(prefix: "PORT "), let port = Int(portText) else {
            await server.stop()
            Issue.record("the Python server did not start")
            return
        }
        let connection = RPCConnection(host: "127.0.0.1", port: port)
        do {
            try await body(connection)
        } catch {
            Issue.record("unexpected error: \(error)")
        }
        await connection.close()
        await server.stop()
    }

    private static let options = CallOptions(timeout: .seconds(10))

    private func payload(_ size: Int) -> Payload {
        Payload(body: Array(repeating: 0, count: size))
    }

    @Test("empty_unary")
    func emptyUnary() async throws {
        try await withPythonServer { connection in
            let response = try await connection.unary(
                TestServiceMethods.emptyCall, SimpleRequest(), options: Self.options, as: SimpleResponse.self)
            #expect(response == SimpleResponse())
        }
    }

    @Test("large_unary: 271,828-byte request, 314,159-byte response")
    func largeUnary() async throws {
        try await withPythonServer { connection in
            let request = SimpleRequest(responseSize: 314_159, payload: payload(271_828))
            let response = try await connection.unary(
                TestServiceMethods.unaryCall, request, options: Self.options, as: SimpleResponse.self)
            #expect(response.payload?.body.count == 314_159)
        }
    }

    @Test("client_streaming: four payloads aggregate to 74,922 bytes")
    func clientStreaming() async throws {
        try await withPythonServer { connection in
            let response = try await connection.clientStreaming(
                TestServiceMethods.streamingInputCall, options: Self.options, as: StreamingInputCallResponse.self
            ) { (writer: RequestWriter<Payload>) in
                for size in [27182, 8, 1828, 45904] { try await writer.send(payload(size)) }
            }
            #expect(response.aggregatedPayloadSize == 74922)
        }
    }

    @Test("server_streaming: four responses of the requested sizes, then 20,000 small ones")
    func serverStreaming() async throws {
        try await withPythonServer { connection in
            let sizes: [Int32] = [31415, 9, 2653, 58979]
            let received = try await connection.serverStreaming(
                TestServiceMethods.streamingOutputCall, StreamingOutputCallRequest(responseSizes: sizes),
                options: Self.options, as: SimpleResponse.self
            ) { responses in
                var received: [Int32] = []
                for try await response in responses { received.append(Int32(response.payload?.body.count ?? 0)) }
                return received
            }
            #expect(received == sizes)
            let count = try await connection.serverStreaming(
                TestServiceMethods.streamingOutputCall, StreamingOutputCallRequest(repeatCount: 20000, repeatSize: 20),
                options: CallOptions(timeout: .seconds(60)), as: SimpleResponse.self
            ) { responses in
                var count = 0
                for try await _ in responses { count += 1 }
                return count
            }
            #expect(count == 20000)
        }
    }

    @Test("ping_pong: a bidirectional call alternates requests and responses")
    func pingPong() async throws {
        try await withPythonServer { connection in
            let sizes: [Int32] = [31415, 9, 2653, 58979]
            let received = try await connection.bidirectionalStreaming(
                TestServiceMethods.fullDuplexCall, options: Self.options, as: SimpleResponse.self
            ) { (requests: RequestWriter<SimpleRequest>, responses) in
                var iterator = responses.makeAsyncIterator()
                var received: [Int32] = []
                for size in sizes {
                    try await requests.send(SimpleRequest(responseSize: size))
                    received.append(Int32(try await iterator.next()?.payload?.body.count ?? -1))
                }
                requests.finish()
                #expect(try await iterator.next() == nil)
                return received
            }
            #expect(received == sizes)
        }
    }

    @Test("special_status_message round-trips through percent-encoding")
    func specialStatusMessage() async throws {
        let message = "\t\ntest with whitespace\r\nand Unicode BMP \u{263A} and non-BMP \u{1F608}\t\n"
        try await withPythonServer { connection in
            let request = SimpleRequest(responseStatus: EchoStatus(code: 2, message: message))
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.unary(TestServiceMethods.unaryCall, request, options: Self.options, as: SimpleResponse.self)
            }
            #expect(error?.code == .unknown)
            #expect(error?.message == message)
        }
    }

    @Test("unimplemented_method and unimplemented_service")
    func unimplemented() async throws {
        try await withPythonServer { connection in
            for service in ["interop.v1.TestService", "interop.v1.UnimplementedService"] {
                let method = MethodDescriptor(service: service, method: "UnimplementedCall", kind: .unary)
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary(method, SimpleRequest(), options: Self.options, as: SimpleResponse.self)
                }
                #expect(error?.code == .unimplemented)
            }
        }
    }

    @Test("cancel_after_begin: cancelling the task resets the stream and ends with CANCELLED")
    func cancelAfterBegin() async throws {
        try await withPythonServer { connection in
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                try await connection.clientStreaming(
                    TestServiceMethods.streamingInputCall, options: Self.options, as: StreamingInputCallResponse.self
                ) { (_: RequestWriter<Payload>) in
                    startedContinuation.yield()
                    try await Task.sleep(for: .seconds(30))
                }
            }
            for await _ in started { break }
            task.cancel()
            let result = await task.result
            #expect(throws: (any Error).self) { try result.get() }
            if case .failure(let error) = result {
                #expect(error is CancellationError || (error as? RPCError)?.code == .cancelled, "\(error)")
            }
            // The connection stays usable after the reset.
            let response = try await connection.unary(
                TestServiceMethods.emptyCall, SimpleRequest(), options: Self.options, as: SimpleResponse.self)
            #expect(response == SimpleResponse())
        }
    }

    @Test("timeout_on_sleeping_server ends with DEADLINE_EXCEEDED")
    func timeoutOnSleepingServer() async throws {
        try await withPythonServer { connection in
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.unary(
                    TestServiceMethods.unaryCall, SimpleRequest(sleepMs: 10_000),
                    options: CallOptions(timeout: .milliseconds(50)), as: SimpleResponse.self)
            }
            #expect(error?.code == .deadlineExceeded)
        }
    }

    @Test("custom_metadata: initial metadata and -bin trailing metadata are echoed")
    func customMetadata() async throws {
        try await withPythonServer { connection in
            var metadata = Metadata()
            metadata.add("x-grpc-test-echo-initial", "test_initial_metadata_value")
            metadata.add("x-grpc-test-echo-trailing-bin", binary: [0xAB, 0xAB, 0xAB])
            let result = try await connection.unaryWithMetadata(
                TestServiceMethods.unaryCall, SimpleRequest(responseSize: 10),
                options: CallOptions(timeout: .seconds(10), metadata: metadata), as: SimpleResponse.self)
            #expect(result.response.payload?.body.count == 10)
            #expect(result.initialMetadata["x-grpc-test-echo-initial"] == "test_initial_metadata_value")
            #expect(result.trailingMetadata.binaryValues("x-grpc-test-echo-trailing-bin") == [[0xAB, 0xAB, 0xAB]])
        }
    }

    @Test("health Check and Watch against grpcio's health service")
    func health() async throws {
        try await withPythonServer { connection in
            let response = try await connection.unary(
                HealthMethods.check, HealthCheckRequest(), options: Self.options, as: HealthCheckResponse.self)
            #expect(response.status == .serving)
            let first = try await connection.serverStreaming(
                HealthMethods.watch, HealthCheckRequest(), options: Self.options, as: HealthCheckResponse.self
            ) { responses in
                var iterator = responses.makeAsyncIterator()
                return try await iterator.next()
            }
            #expect(first?.status == .serving)
        }
    }
}
