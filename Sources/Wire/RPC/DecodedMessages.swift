/// The messages of one side of a call, decoded with the Wire codec as they are read.
///
/// A message that does not decode ends iteration with INTERNAL; the call's own error (a non-OK
/// status, a cancellation) ends it with that error.
public struct DecodedMessages<Message: WireMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    let messages: MessageSequence

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: MessageSequence.AsyncIterator
        public mutating func next() async throws -> Message? {
            guard let bytes = try await base.next() else { return nil }
            return try Message(receivedBytes: bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: messages.makeAsyncIterator())
    }
}
