import NIOConcurrencyHelpers
import NIOCore

/// Messages received on one stream, waiting for the task that reads them.
///
/// The connection's event loop pushes; one reader task pulls. Each time the reader takes a
/// message, `onTake` tells the connection, which returns that message's flow-control credit:
/// the peer can only send more when the reader keeps up, which bounds this queue.
final class InboundMessageQueue: Sendable {
    private struct State {
        var messages = CircularBuffer<[UInt8]>()
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
        var end: Result<Void, RPCError>?
    }

    private let state = NIOLockedValueBox(State())
    private let onTake: @Sendable () -> Void

    /// - Parameter onTake: called once for each message the reader takes, in order.
    init(onTake: @escaping @Sendable () -> Void) {
        self.onTake = onTake
    }

    /// Adds a message; wakes the reader if it is waiting.
    func push(_ message: [UInt8]) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[UInt8]?, any Error>? in
            guard state.end == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.messages.append(message)
            return nil
        }
        if let waiter {
            onTake()
            waiter.resume(returning: message)
        }
    }

    /// Ends the sequence after the buffered messages, cleanly or with an error.
    func finish(_ result: Result<Void, RPCError> = .success(())) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[UInt8]?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = result
            if case .failure = result { state.messages.removeAll() }
            defer { state.waiter = nil }
            return state.waiter
        }
        switch result {
        case .success: waiter?.resume(returning: nil)
        case .failure(let error): waiter?.resume(throwing: error)
        }
    }

    /// The next message, nil at the end; throws the stream's error or on task cancellation.
    func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate = state.withLockedValue { state -> Result<[UInt8]?, RPCError>? in
                    if let message = state.messages.popFirst() { return .success(message) }
                    switch state.end {
                    case .success: return .success(nil)
                    case .failure(let error): return .failure(error)
                    case nil:
                        if Task.isCancelled {
                            return .failure(RPCError(code: .cancelled, message: "the reading task was cancelled"))
                        }
                        state.waiter = continuation
                        return nil
                    }
                }
                guard let immediate else { return }
                if case .success(.some) = immediate { onTake() }
                continuation.resume(with: immediate.mapError { $0 as any Error })
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<[UInt8]?, any Error>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: RPCError(code: .cancelled, message: "the reading task was cancelled"))
        }
    }
}

/// The messages of one side of a call, as an async sequence of serialized messages.
public struct MessageSequence: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let queue: InboundMessageQueue

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: InboundMessageQueue
        public mutating func next() async throws -> [UInt8]? {
            try await queue.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queue: queue)
    }
}
