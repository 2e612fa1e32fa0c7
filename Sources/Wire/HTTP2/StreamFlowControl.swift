/// Stream-level receive credit for one HTTP/2 stream whose messages wait in a queue.
///
/// Bytes of complete messages stay unconsumed until the reader takes the message, so a peer
/// cannot send more than one window ahead of the reader. Bytes of a partial message and framing
/// are credited at once: a message larger than the window must still be able to arrive.
struct StreamFlowControl {
    /// Bytes received and not yet credited back.
    private(set) var owed = 0
    /// Of those, bytes that belong to messages waiting in the queue.
    private(set) var held = 0

    /// Records a received chunk and the wire sizes of the messages it completed.
    /// - Returns: bytes to credit now.
    mutating func received(bytes: Int, completedMessageBytes: Int) -> Int {
        owed += bytes
        held = min(held + completedMessageBytes, owed)
        return settle()
    }

    /// Records that the reader took a message of `bytes` wire size.
    /// - Returns: bytes to credit now.
    mutating func taken(bytes: Int) -> Int {
        let released = min(bytes, held)
        held -= released
        return settle()
    }

    /// Records messages dropped unread (the call ended); everything owed is credited.
    mutating func releaseAll() -> Int {
        held = 0
        return settle()
    }

    private mutating func settle() -> Int {
        let free = owed - held
        owed -= free
        return free
    }
}
