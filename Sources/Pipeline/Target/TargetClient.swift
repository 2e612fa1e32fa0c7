import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends batches of mapped rows to the user's API, with retries, and reads per-row results.
///
/// One `send` is one request of the target-API contract (DESIGN.md): POST of a JSON batch with an
/// `idempotency-key` that stays the same across its automatic retries. 408, 429, 5xx and network
/// faults are retried with jittered exponential backoff up to `maxAttempts`; a `Retry-After`
/// replaces the backoff and pauses the whole upload through its `DispatchGate`.
public final class TargetClient: Sendable {
    /// The result of one request, after all its attempts.
    public struct Outcome: Sendable, Equatable {
        /// Rows that failed, by row number; every other row of the batch succeeded.
        public var failures: [Int: TargetFailure]
        public var attempts: Int
        /// The last reply's status, 0 if no reply came.
        public var httpStatus: Int
        /// Duration of the last attempt.
        public var latency: TimeAmount
    }

    private let configuration: TargetConfiguration
    private let httpClient: HTTPClient
    private let logger: Logger
    private let fixedHeaders: HTTPHeaders

    public init(configuration: TargetConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        var headers = HTTPHeaders()
        for (name, value) in configuration.headers { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        switch configuration.credentials {
        case .none: break
        case .bearer(let token): headers.replaceOrAdd(name: "authorization", value: "Bearer \(token)")
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            headers.replaceOrAdd(name: "authorization", value: "Basic \(encoded)")
        case .apiKey(let header, let key): headers.replaceOrAdd(name: header, value: key)
        }
        self.fixedHeaders = headers
    }

    /// Sends one batch. Returns nil if the task was cancelled before an outcome was known (the
    /// rows stay unprocessed).
    public func send(_ rows: [MappedRow], uploadID: String, idempotencyKey: String, gate: DispatchGate) async -> Outcome? {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers = fixedHeaders
        request.headers.replaceOrAdd(name: "idempotency-key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(bytes: BatchBody.encode(uploadID: uploadID, rows: rows)))
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await gate.waitUntilOpen()
            } catch {
                return nil
            }
            let started = NIODeadline.now()
            let result = await perform(request)
            let latency = NIODeadline.now() - started
            if Task.isCancelled { return nil }
            switch result {
            case .reply(let status, let body, let retryAfterHeader):
                if (200..<300).contains(status) {
                    return Outcome(failures: TargetReply.rejections(in: body, attempts: attempt), attempts: attempt, httpStatus: status, latency: latency)
                }
                let retryable = RetryPolicy.isRetryable(status: status)
                if retryable, attempt < configuration.maxAttempts {
                    let retryAfter = configuration.retry.retryAfter(retryAfterHeader)
                    if let retryAfter { await gate.pause(until: .now() + retryAfter) }
                    guard await wait(retryAfter ?? configuration.retry.backoff(afterAttempt: attempt, using: &generator)) else { return nil }
                    continue
                }
                let failure = TargetFailure(
                    category: .api, code: "HTTP_\(status)",
                    message: "POST \(configuration.displayURL) answered \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase) after \(attempt) attempt\(attempt == 1 ? "" : "s")",
                    httpStatus: status, retryable: retryable, attempts: attempt)
                return Outcome(failures: allRows(rows, failure), attempts: attempt, httpStatus: status, latency: latency)
            case .fault(let code, let description):
                if attempt < configuration.maxAttempts {
                    guard await wait(configuration.retry.backoff(afterAttempt: attempt, using: &generator)) else { return nil }
                    continue
                }
                let failure = TargetFailure(
                    category: .network, code: code,
                    message: "POST \(configuration.displayURL) failed after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(description)",
                    retryable: true, attempts: attempt)
                return Outcome(failures: allRows(rows, failure), attempts: attempt, httpStatus: 0, latency: latency)
            }
        }
    }

    enum AttemptResult: Equatable {
        case reply(status: Int, body: [UInt8], retryAfter: String?)
        case fault(code: String, description: String)
    }

    private func perform(_ request: HTTPClientRequest) async -> AttemptResult {
        do {
            let response = try await httpClient.execute(request, timeout: configuration.timeout, logger: logger)
            var body = try await response.body.collect(upTo: 16 << 20)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return .reply(status: Int(response.status.code), body: bytes, retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            return Self.classify(error)
        }
    }

    /// Maps a transport error to a stable NETWORK code and a message without secrets.
    static func classify(_ error: any Error) -> AttemptResult {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return .fault(code: "NETWORK_TIMEOUT", description: "no reply within the timeout")
            case .connectTimeout:
                return .fault(code: "NETWORK_CONNECT_TIMEOUT", description: "connecting timed out")
            case .remoteConnectionClosed:
                return .fault(code: "NETWORK_CONNECTION_CLOSED", description: "the target closed the connection before replying")
            default:
                return .fault(code: "NETWORK_ERROR", description: "\(error)")
            }
        }
        let text = "\(error)"
        if text.contains("refused") {
            return .fault(code: "NETWORK_CONNECTION_REFUSED", description: "connection refused")
        }
        if text.contains("reset") {
            return .fault(code: "NETWORK_CONNECTION_RESET", description: "connection reset")
        }
        if text.lowercased().contains("dns") || text.contains("resolve") {
            return .fault(code: "NETWORK_DNS", description: "the host name did not resolve")
        }
        return .fault(code: "NETWORK_ERROR", description: text)
    }

    private func allRows(_ rows: [MappedRow], _ failure: TargetFailure) -> [Int: TargetFailure] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0.number, failure) })
    }

    /// Sleeps; false if the task was cancelled.
    private func wait(_ amount: TimeAmount) async -> Bool {
        do {
            try await Task.sleep(nanoseconds: UInt64(max(amount.nanoseconds, 0)))
            return true
        } catch {
            return false
        }
    }
}
