import NIOCore

/// Pauses all of one upload's requests at once, as a `Retry-After` from the target asks.
///
/// Every request waits at the gate before it is sent; a pause extends to the latest deadline
/// any reply asked for.
public actor DispatchGate {
    private var pausedUntil: NIODeadline?
    /// How many times a reply asked to pause (for status reporting).
    public private(set) var pauseCount = 0

    public init() {}

    /// Holds new requests until `deadline`.
    public func pause(until deadline: NIODeadline) {
        pauseCount += 1
        if let current = pausedUntil, current >= deadline { return }
        pausedUntil = deadline
    }

    /// Returns once the gate is open; throws if the task is cancelled while waiting.
    public func waitUntilOpen() async throws {
        while let deadline = pausedUntil {
            let remaining = deadline - .now()
            guard remaining > .zero else {
                pausedUntil = nil
                return
            }
            try await Task.sleep(nanoseconds: UInt64(remaining.nanoseconds))
        }
    }
}
