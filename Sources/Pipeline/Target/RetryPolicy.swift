import Foundation
import NIOCore

/// When and how long to wait before trying a request again.
///
/// 408, 429, 5xx and network faults are retried; 400, 401, 403, 404, 409, 413, 422 (and any other
/// status) are not. The wait doubles from `initialBackoff` up to `maxBackoff`, with full jitter
/// (a random wait between zero and that bound). A `Retry-After` header replaces the computed wait.
public struct RetryPolicy: Sendable {
    public var initialBackoff: TimeAmount
    public var maxBackoff: TimeAmount
    /// The longest `Retry-After` honoured; longer values are capped.
    public var maxRetryAfter: TimeAmount

    /// 200 ms doubling to 10 s; Retry-After up to 60 s.
    public static var defaults: RetryPolicy {
        RetryPolicy(initialBackoff: .milliseconds(200), maxBackoff: .seconds(10), maxRetryAfter: .seconds(60))
    }

    public init(initialBackoff: TimeAmount, maxBackoff: TimeAmount, maxRetryAfter: TimeAmount) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The jittered wait after attempt `attempt` (1-based) failed.
    public func backoff<Generator: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout Generator) -> TimeAmount {
        let exponent = min(attempt - 1, 30)
        let bound = min(initialBackoff.nanoseconds << exponent, maxBackoff.nanoseconds)
        guard bound > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...bound, using: &generator))
    }

    /// Parses `Retry-After`: delay seconds, or an HTTP date relative to `now`. Capped.
    public func retryAfter(_ value: String?, now: Date = Date()) -> TimeAmount? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let wait: TimeAmount
        if let seconds = Int64(value), seconds >= 0 {
            wait = .seconds(seconds)
        } else if let date = Self.httpDate(value) {
            wait = .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
        } else {
            return nil
        }
        return min(wait, maxRetryAfter)
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
