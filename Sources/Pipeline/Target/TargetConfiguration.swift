import Foundation
import NIOCore

/// Where and how an upload sends its rows: the user's API endpoint, credentials and limits.
public struct TargetConfiguration: Sendable {
    /// How requests authenticate. Secrets never appear in logs, errors or responses.
    public enum Credentials: Sendable, Equatable {
        case none
        case bearer(token: String)
        case basic(username: String, password: String)
        case apiKey(header: String, key: String)
    }

    /// The configuration cannot be used.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case url(String)
        case limit(name: String, value: Int)

        public var description: String {
            switch self {
            case .url(let url): return "target url \(url) is not an absolute http or https URL"
            case .limit(let name, let value): return "\(name) must be positive, got \(value)"
            }
        }
    }

    public var url: String
    /// Extra headers sent with every request.
    public var headers: [String: String]
    public var credentials: Credentials
    /// Rows per request (default 100).
    public var batchSize: Int
    /// Requests in flight at once (default 8).
    public var concurrency: Int
    /// Per-request timeout (default 10 s).
    public var timeout: TimeAmount
    /// Tries per request, first included (default 3).
    public var maxAttempts: Int
    /// Backoff and Retry-After handling.
    public var retry: RetryPolicy

    public init(
        url: String, headers: [String: String] = [:], credentials: Credentials = .none, batchSize: Int = 100,
        concurrency: Int = 8, timeout: TimeAmount = .seconds(10), maxAttempts: Int = 3, retry: RetryPolicy = .defaults
    ) throws(Invalid) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parsed.host != nil
        else { throw .url(url) }
        for (name, value) in [("batch_size", batchSize), ("concurrency", concurrency), ("max_attempts", maxAttempts)] {
            guard value > 0 else { throw .limit(name: name, value: value) }
        }
        guard timeout > .zero else { throw .limit(name: "timeout_ms", value: Int(timeout.nanoseconds / 1_000_000)) }
        self.url = url
        self.headers = headers
        self.credentials = credentials
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.retry = retry
    }

    /// The URL without any user-info part, for messages.
    public var displayURL: String {
        guard var components = URLComponents(string: url) else { return url }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? url
    }
}
