import NIOCore

/// Stream-level receive credit for one HTTP/2 stream whose messages wait in a queue.
///
/// A message's bytes are credited back (WINDOW_UPDATE) only when the reader takes it, so a peer
/// can get at most one window ahead of a slow reader. The one exception prevents a deadlock: once
/// an incomplete message holds `partialCreditThreshold` bytes (half the window), those bytes are
/// credited at once, because a message larger than the window could otherwise never arrive.
/// Such a message is bounded by the receive limit, checked from its prefix.
struct StreamFlowControl {
    let partialCreditThreshold: Int
    /// Bytes received and not yet credited.
    private(set) var owed = 0
    /// For each complete message waiting in the queue, the bytes still to credit when taken.
    private var queued = CircularBuffer<Int>()
    /// Bytes of the incomplete message credited early.
    private var partialCredited = 0

    init(windowSize: Int) {
        partialCreditThreshold = max(windowSize / 2, 1)
    }

    /// Records a received chunk: the wire sizes of the messages it completed (in order) and the
    /// bytes of the message still incomplete after it.
    /// - Returns: bytes to credit now.
    mutating func received(bytes: Int, completedMessages: [Int], pendingBytes: Int) -> Int {
        owed += bytes
        for size in completedMessages {
            queued.append(size - partialCredited)
            partialCredited = 0
        }
        guard pendingBytes >= partialCreditThreshold, pendingBytes > partialCredited else { return 0 }
        let credit = pendingBytes - partialCredited
        partialCredited = pendingBytes
        owed -= credit
        return credit
    }

    /// Records that the reader took the oldest queued message.
    /// - Returns: bytes to credit now.
    mutating func taken() -> Int {
        guard let credit = queued.popFirst() else { return 0 }
        owed -= credit
        return credit
    }

    /// Records that queued messages will never be read (the call ended): credits everything owed.
    mutating func releaseAll() -> Int {
        defer {
            owed = 0
            queued.removeAll()
            partialCredited = 0
        }
        return owed
    }
}
