import NIOCore

/// Sends a handler's serialized response messages.
///
/// `write` suspends while the stream's response buffer is full, that is while the client is not
/// reading: a handler can never buffer more than `ServerConfiguration.responseBufferLimit`.
/// It throws CANCELLED once the call has ended (client reset, deadline, disconnect).
public struct ResponseWriter: Sendable {
    let stream: ServerStream

    /// Sends one message, waiting for buffer space.
    public func write(_ message: [UInt8]) async throws {
        if stream.eventLoop.inEventLoop {
            try await stream.enqueue(message).get()
        } else {
            try await stream.eventLoop.flatSubmit { stream.enqueue(message) }.get()
        }
    }
}
