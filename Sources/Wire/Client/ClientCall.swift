import NIOCore

/// One call in flight, at the byte level: send serialized requests, read serialized responses,
/// then the status. Typed calls in `RPCConnection+Calls.swift` are built on it.
public struct ClientCall: Sendable {
    let stream: ClientStream

    /// Sends one request message, waiting while the server is not reading.
    public func send(_ message: [UInt8]) async throws {
        try await stream.eventLoop.flatSubmit { stream.enqueue(message) }.get()
    }

    /// Half-closes the request side.
    public func finishSending() {
        stream.eventLoop.execute { stream.finishSending() }
    }

    /// The response messages; ends with an `RPCError` when the status is not OK.
    public var responses: MessageSequence { MessageSequence(queue: stream.responses) }

    /// The response headers' metadata (empty for a trailers-only response).
    public func initialMetadata() async throws -> Metadata {
        try await stream.initialMetadata.futureResult.get()
    }

    /// The final status and trailing metadata.
    public func status() async throws -> (RPCStatus, Metadata) {
        try await stream.outcome.futureResult.get()
    }

    /// Cancels the call: RST_STREAM(CANCEL) to the server, CANCELLED locally.
    public func cancel() {
        stream.eventLoop.execute {
            stream.cancel(RPCStatus(code: .cancelled, message: "the call was cancelled by the client"))
        }
    }

    /// Runs `body`, cancelling the call if the surrounding task is cancelled.
    func withCancellation<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withTaskCancellationHandler(operation: body, onCancel: { cancel() })
    }
}
