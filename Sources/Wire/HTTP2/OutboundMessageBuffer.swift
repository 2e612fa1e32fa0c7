import NIOCore

/// Framed messages of one stream waiting for nghttp2 to pull them as DATA, and the writers
/// waiting for room.
///
/// A write past `limit` buffered bytes must wait; waiters are released once nghttp2 has taken the
/// buffer down to half the limit. Confined to the connection's event loop.
struct OutboundMessageBuffer {
    let limit: Int
    private var buffer = ByteBuffer()
    private var waiters: [EventLoopPromise<Void>] = []
    /// Set when nghttp2 was told there is nothing to send (DEFERRED); the stream must be resumed
    /// when data or the end of the body is queued.
    var isDeferred = false

    init(limit: Int) {
        self.limit = limit
    }

    var isEmpty: Bool { buffer.readableBytes == 0 }

    /// Frames a message. Returns a future that completes when the writer may send the next one.
    mutating func append(_ message: [UInt8], eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        MessageFramer.frame(message, into: &buffer)
        guard buffer.readableBytes > limit else { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        waiters.append(promise)
        return promise.futureResult
    }

    /// Copies as much as fits into nghttp2's buffer.
    /// - Returns: the bytes copied, and whether waiting writers may now be released.
    mutating func read(into target: UnsafeMutableRawBufferPointer) -> (count: Int, hasRoom: Bool) {
        let count = min(target.count, buffer.readableBytes)
        guard count > 0 else { return (0, false) }
        buffer.readWithUnsafeReadableBytes { bytes in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
            return count
        }
        if buffer.readableBytes == 0 { buffer.clear() }
        return (count, !waiters.isEmpty && buffer.readableBytes <= limit / 2)
    }

    /// Removes and returns the waiting writers, to be completed outside nghttp2's callbacks.
    mutating func takeWaiters() -> [EventLoopPromise<Void>] {
        defer { waiters = [] }
        return waiters
    }
}
