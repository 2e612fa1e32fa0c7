import NIOCore

/// Fault injection for the demo target. Every decision is a pure function of the seed and the
/// request's idempotency key (or the row number), so a run can be repeated exactly.
///
/// Request-level faults pick at most one fault per idempotency key, in the order of the fields
/// below; "once" faults hit only the first attempt of a key, the others every attempt.
public struct DemoTargetConfiguration: Sendable {
    public var seed: UInt64
    /// Share of rows rejected with 422 in a `results` array (per row number).
    public var rejectRowRate: Double
    /// Share of requests answered 401 (every attempt).
    public var unauthorizedRate: Double
    /// Share of requests answered 404 (every attempt).
    public var notFoundRate: Double
    /// Share of requests answered 500 (every attempt: the rows fail after retries).
    public var serverErrorRate: Double
    /// Share of requests answered 503 on the first attempt, then served.
    public var unavailableOnceRate: Double
    /// Share of requests answered 429 with `Retry-After` on the first attempt, then served.
    public var rateLimitOnceRate: Double
    /// Seconds sent in `Retry-After`.
    public var retryAfterSeconds: Int
    /// Share of requests whose first attempt is answered after `slowDelay` (past a client timeout).
    public var slowOnceRate: Double
    public var slowDelay: TimeAmount
    /// Share of requests whose first attempt gets the connection closed without a reply.
    public var dropOnceRate: Double
    /// When set, requests without `authorization: Bearer <token>` get 401.
    public var requiredBearerToken: String?

    /// No faults.
    public static var none: DemoTargetConfiguration {
        DemoTargetConfiguration(
            seed: 1, rejectRowRate: 0, unauthorizedRate: 0, notFoundRate: 0, serverErrorRate: 0,
            unavailableOnceRate: 0, rateLimitOnceRate: 0, retryAfterSeconds: 1, slowOnceRate: 0,
            slowDelay: .seconds(3), dropOnceRate: 0, requiredBearerToken: nil)
    }

    public init(
        seed: UInt64, rejectRowRate: Double, unauthorizedRate: Double, notFoundRate: Double, serverErrorRate: Double,
        unavailableOnceRate: Double, rateLimitOnceRate: Double, retryAfterSeconds: Int, slowOnceRate: Double,
        slowDelay: TimeAmount, dropOnceRate: Double, requiredBearerToken: String?
    ) {
        self.seed = seed
        self.rejectRowRate = rejectRowRate
        self.unauthorizedRate = unauthorizedRate
        self.notFoundRate = notFoundRate
        self.serverErrorRate = serverErrorRate
        self.unavailableOnceRate = unavailableOnceRate
        self.rateLimitOnceRate = rateLimitOnceRate
        self.retryAfterSeconds = retryAfterSeconds
        self.slowOnceRate = slowOnceRate
        self.slowDelay = slowDelay
        self.dropOnceRate = dropOnceRate
        self.requiredBearerToken = requiredBearerToken
    }

    /// A request-level fault.
    public enum Fault: Sendable, Equatable {
        case unauthorized, notFound, serverError, unavailableOnce, rateLimitOnce, slowOnce, dropOnce
    }

    /// The fault chosen for an idempotency key, if any.
    public func fault(forKey key: String) -> Fault? {
        var draw = Self.unitInterval(seed: seed, text: key)
        let choices: [(Double, Fault)] = [
            (unauthorizedRate, .unauthorized), (notFoundRate, .notFound), (serverErrorRate, .serverError),
            (unavailableOnceRate, .unavailableOnce), (rateLimitOnceRate, .rateLimitOnce), (slowOnceRate, .slowOnce),
            (dropOnceRate, .dropOnce),
        ]
        for (rate, fault) in choices {
            if draw < rate { return fault }
            draw -= rate
        }
        return nil
    }

    /// Whether a row (by upload and row number) is rejected.
    public func rejects(uploadID: String, row: Int) -> Bool {
        rejectRowRate > 0 && Self.unitInterval(seed: seed ^ 0x9E37_79B9_7F4A_7C15, text: "\(uploadID)#\(row)") < rejectRowRate
    }

    /// A deterministic number in [0, 1) from the seed and a text (FNV-1a, then SplitMix64).
    static func unitInterval(seed: UInt64, text: String) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(1 << 53)
    }
}
