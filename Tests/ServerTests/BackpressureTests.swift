import Client
import InteropSupport
import NIOConcurrencyHelpers
import Testing

/// Slow peers in both directions: nothing may buffer without bound.
@Suite("Backpressure", .serialized)
struct BackpressureTests {
    static let flood = MethodDescriptor(service: "test.Backpressure", method: "Flood", kind: .serverStreaming)
    static let drain = MethodDescriptor(service: "test.Backpressure", method: "Drain", kind: .clientStreaming)
    static let chunk = [UInt8](repeating: 7, count: 64 * 1024)
    static let gigabyte = 1 << 30

    /// Counts what the handlers did, and signals when they were cancelled.
    final class Probe: Sendable {
        let written = NIOLockedValueBox(0)
        let taken = NIOLockedValueBox(0)
        let cancelled: AsyncStream<Void>
        let cancelledContinuation: AsyncStream<Void>.Continuation
        /// Yields the running count each time the slow handler takes a message.
        let takenCounts: AsyncStream<Int>
        let takenContinuation: AsyncStream<Int>.Continuation

        init() {
            (cancelled, cancelledContinuation) = AsyncStream.makeStream(of: Void.self)
            (takenCounts, takenContinuation) = AsyncStream.makeStream(of: Int.self)
        }
    }

    private func routes(_ probe: Probe) -> RPCRouter {
        var router = RPCRouter()
        router.register(Self.flood) { _, responses, _ in
            do {
                for _ in 0..<(Self.gigabyte / Self.chunk.count) {
                    try await responses.write(Self.chunk)
                    probe.written.withLockedValue { $0 += Self.chunk.count }
                }
            } catch {
                probe.cancelledContinuation.yield()
                throw error
            }
        }
        router.register(Self.drain) { requests, responses, _ in
            do {
                for try await _ in requests {
                    probe.takenContinuation.yield(probe.taken.withLockedValue { $0 += 1; return $0 })
                    try await Task.sleep(for: .milliseconds(20))
                }
            } catch {
                probe.cancelledContinuation.yield()
                throw error
            }
            try await responses.write([])
        }
        return router
    }

    @Test("a handler streaming 1 GB to a slow reader stays bounded and is cancelled when the reader leaves")
    func slowReader() async throws {
        let probe = Probe()
        let server = try await TestServer.start(routes: routes(probe))
        let connection = server.connection()
        let baseline = residentMemoryBytes()
        var peak = baseline
        let call = try await connection.makeCall(path: Self.flood.path)
        try await call.send([])
        call.finishSending()
        var iterator = call.responses.makeAsyncIterator()
        // A deliberately slow consumer: 100 messages over about 3 seconds.
        for _ in 0..<100 {
            _ = try await iterator.next()
            peak = max(peak, residentMemoryBytes())
            try await Task.sleep(for: .milliseconds(30))
        }
        let written = probe.written.withLockedValue { $0 }
        call.cancel()
        var cancelled = probe.cancelled.makeAsyncIterator()
        await cancelled.next()
        // Flow-control windows (1 MiB stream on each side) plus the 64 KiB response buffer
        // bound what the handler got ahead of the reader.
        #expect(written - 100 * Self.chunk.count < 4 * 1024 * 1024, "handler got \(written) bytes ahead")
        #expect(peak - baseline < 100 * 1024 * 1024, "RSS grew by \(peak - baseline) bytes")
        await connection.close()
        try await server.stop()
    }

    @Test("a client streaming faster than the handler reads is held back by flow control")
    func fastWriter() async throws {
        let probe = Probe()
        let server = try await TestServer.start(routes: routes(probe))
        let connection = server.connection()
        let baseline = residentMemoryBytes()
        let call = try await connection.makeCall(path: Self.drain.path)
        let sent = NIOLockedValueBox(0)
        let sender = Task {
            for _ in 0..<(Self.gigabyte / Self.chunk.count) {
                try await call.send(Self.chunk)
                sent.withLockedValue { $0 += 1 }
            }
        }
        // Let the handler take 50 messages at its slow pace.
        for await count in probe.takenCounts where count >= 50 { break }
        let ahead = sent.withLockedValue { $0 } - probe.taken.withLockedValue { $0 }
        let growth = residentMemoryBytes() - baseline
        sender.cancel()
        call.cancel()
        var cancelled = probe.cancelled.makeAsyncIterator()
        await cancelled.next()
        // 1 MiB stream window + 64 KiB client buffer + one message in flight, in 64 KiB messages.
        #expect(ahead <= 20, "client got \(ahead) messages ahead of the handler")
        #expect(growth < 100 * 1024 * 1024, "RSS grew by \(growth) bytes")
        await connection.close()
        try await server.stop()
    }
}
