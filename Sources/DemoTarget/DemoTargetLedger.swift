import NIOConcurrencyHelpers

/// What the demo target has applied: each row once per upload, replies remembered by
/// idempotency key, attempts counted per key. Thread-safe.
public final class DemoTargetLedger: Sendable {
    /// Counts for tests and the `/stats` endpoint.
    public struct Stats: Sendable, Equatable, Codable {
        /// Rows applied (first application only).
        public var appliedRows: Int
        /// Applications of a row that was already applied: must stay 0 for an idempotent client.
        public var duplicateApplications: Int
        /// Requests received, replays included.
        public var requests: Int
        /// Requests answered from the idempotency store without applying anything.
        public var replays: Int
        /// Rows rejected per row (422 in `results`).
        public var rejectedRows: Int
    }

    struct StoredReply: Sendable {
        var status: Int
        var body: [UInt8]
    }

    private struct State {
        var applied: [String: Set<Int>] = [:]
        var replies: [String: StoredReply] = [:]
        var attempts: [String: Int] = [:]
        var stats = Stats(appliedRows: 0, duplicateApplications: 0, requests: 0, replays: 0, rejectedRows: 0)
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var stats: Stats { state.withLockedValue { $0.stats } }

    /// Rows of one upload applied so far.
    public func appliedRows(uploadID: String) -> Set<Int> {
        state.withLockedValue { $0.applied[uploadID] ?? [] }
    }

    /// Counts a request for a key; returns the attempt number (1 for the first) and any stored reply.
    func begin(key: String) -> (attempt: Int, replay: StoredReply?) {
        state.withLockedValue { state in
            state.stats.requests += 1
            state.attempts[key, default: 0] += 1
            let replay = state.replies[key]
            if replay != nil { state.stats.replays += 1 }
            return (state.attempts[key]!, replay)
        }
    }

    /// Applies accepted rows and remembers the reply for the key.
    func apply(uploadID: String, rows: [Int], rejected: Int, key: String, reply: StoredReply) {
        state.withLockedValue { state in
            for row in rows {
                if state.applied[uploadID, default: []].insert(row).inserted {
                    state.stats.appliedRows += 1
                } else {
                    state.stats.duplicateApplications += 1
                }
            }
            state.stats.rejectedRows += rejected
            if !key.isEmpty { state.replies[key] = reply }
        }
    }
}
