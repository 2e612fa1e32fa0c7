import Client
import InteropSupport
import Testing

@Suite("Cancellation and deadlines reach the handler")
struct CancellationTests {
    @Test("a cancelled client task resets the stream and cancels the handler's task")
    func clientCancelCancelsHandler() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        let call = Task {
            try await connection.unary(
                TestServiceMethods.unaryCall, SimpleRequest(sleepMs: 60_000), as: SimpleResponse.self)
        }
        // Wait until the handler is running: its sleep starts only after the request arrived.
        var cancelled = server.testService.cancelledHandlers.makeAsyncIterator()
        try await waitUntilHandlerStarted(connection)
        call.cancel()
        #expect(await cancelled.next() == "UnaryCall")
        await #expect(throws: (any Error).self) { try await call.value }
        await connection.close()
        try await server.stop()
    }

    /// A second call on the same connection completes only after the server processed earlier
    /// frames, so the first call's handler has started by then.
    private func waitUntilHandlerStarted(_ connection: RPCConnection) async throws {
        _ = try await connection.unary(TestServiceMethods.emptyCall, SimpleRequest(), as: SimpleResponse.self)
    }

    @Test("an expired grpc-timeout ends the call with DEADLINE_EXCEEDED and cancels the handler")
    func deadlineCancelsHandler() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        var cancelled = server.testService.cancelledHandlers.makeAsyncIterator()
        let call = Task {
            try await connection.unary(
                TestServiceMethods.unaryCall, SimpleRequest(sleepMs: 60_000),
                options: CallOptions(timeout: .seconds(2)), as: SimpleResponse.self)
        }
        // The handler must be running before the deadline can cancel it: a later call on the same
        // connection is answered only after the sleeping call's frames were processed.
        try await waitUntilHandlerStarted(connection)
        let error = await #expect(throws: RPCError.self) { _ = try await call.value }
        #expect(error?.code == .deadlineExceeded)
        #expect(await cancelled.next() == "UnaryCall")
        await connection.close()
        try await server.stop()
    }

    @Test("the server enforces the deadline itself when the client does not")
    func serverSideDeadline() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        var metadata = Metadata()
        metadata.add("grpc-timeout", "100m")
        let call = try await connection.makeCall(path: TestServiceMethods.unaryCall.path, options: CallOptions(metadata: metadata))
        // The deadline may already have ended the call when the request goes out; the status is
        // what counts.
        try? await call.send(SimpleRequest(sleepMs: 60_000).wireBytes())
        call.finishSending()
        let (status, _) = try await call.status()
        #expect(status.code == .deadlineExceeded)
        await connection.close()
        try await server.stop()
    }
}
