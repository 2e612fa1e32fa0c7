import Client
import InteropSupport
import Testing

@Suite("Streaming calls and disconnects, Swift client against our server")
struct StreamingCallTests {
    @Test("a bidirectional call alternates requests and responses, then ends OK")
    func bidirectional() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        let sizes: [Int32] = [1, 70_000, 0, 5]
        let received = try await connection.bidirectionalStreaming(
            TestServiceMethods.fullDuplexCall, as: SimpleResponse.self
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
        await connection.close()
        try await server.stop()
    }

    @Test("a client that disconnects cancels the handlers of its calls")
    func disconnectCancelsHandler() async throws {
        let server = try await TestServer.start()
        let connection = server.connection()
        var cancelled = server.testService.cancelledHandlers.makeAsyncIterator()
        let call = Task {
            try await connection.unary(TestServiceMethods.unaryCall, SimpleRequest(sleepMs: 60_000), as: SimpleResponse.self)
        }
        // Answered after the sleeping call's frames were processed: its handler is running.
        _ = try await connection.unary(TestServiceMethods.emptyCall, SimpleRequest(), as: SimpleResponse.self)
        await connection.close()
        #expect(await cancelled.next() == "UnaryCall")
        let error = await #expect(throws: RPCError.self) { try await call.value }
        #expect(error?.code == .unavailable)
        try await server.stop()
    }

    @Test("a request message over the receive limit ends the call with RESOURCE_EXHAUSTED")
    func oversizedRequest() async throws {
        let server = try await TestServer.start { $0.maxReceiveMessageSize = 1024 }
        let connection = server.connection()
        let error = await #expect(throws: RPCError.self) {
            _ = try await connection.unary(
                TestServiceMethods.unaryCall, SimpleRequest(payload: Payload(body: Array(repeating: 1, count: 2048))),
                as: SimpleResponse.self)
        }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("1024") == true)
        await connection.close()
        try await server.stop()
    }
}
