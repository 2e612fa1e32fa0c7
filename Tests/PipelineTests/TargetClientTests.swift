import AsyncHTTPClient
import DemoTarget
import Foundation
import Logging
import NIOCore
import Pipeline
import Testing

@Suite("Target client against the demo target")
struct TargetClientTests {
    static let rows = (1...5).map { MappedRow(number: $0, fields: [("name", .string("n\($0)")), ("n", .integer(Int64($0)))]) }
    static let fastRetries = RetryPolicy(initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5), maxRetryAfter: .seconds(5))

    /// Runs `body` with a demo target configured by `configure` and a client for it.
    private func withTarget(
        timeout: TimeAmount = .seconds(5), credentials: TargetConfiguration.Credentials = .none,
        url: ((Int) -> String)? = nil, configure: (inout DemoTargetConfiguration) -> Void,
        _ body: (TargetClient, DemoTargetServer) async throws -> Void
    ) async throws {
        var demo = DemoTargetConfiguration.none
        configure(&demo)
        let server = DemoTargetServer(configuration: demo)
        let port = try await server.start(port: 0)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let configuration = try TargetConfiguration(
            url: url?(port) ?? "http://127.0.0.1:\(port)/rows", credentials: credentials, timeout: timeout, maxAttempts: 3,
            retry: Self.fastRetries)
        let client = TargetClient(configuration: configuration, httpClient: http, logger: Logger(label: "test"))
        do {
            try await body(client, server)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        try await http.shutdown()
        await server.stop()
    }

    private func send(_ client: TargetClient, key: String = "key-1", gate: DispatchGate = DispatchGate()) async -> TargetClient.Outcome? {
        await client.send(Self.rows, uploadID: "u1", idempotencyKey: key, gate: gate)
    }

    @Test("a clean batch succeeds in one attempt and every row is applied once")
    func cleanBatch() async throws {
        try await withTarget(configure: { _ in }) { client, server in
            let outcome = await send(client)
            #expect(outcome?.failures.isEmpty == true)
            #expect(outcome?.attempts == 1 && outcome?.httpStatus == 200)
            #expect(server.ledger.appliedRows(uploadID: "u1") == Set(1...5))
        }
    }

    @Test("rows listed as rejected fail with the API category and the target's code")
    func perRowRejections() async throws {
        try await withTarget(configure: { $0.rejectRowRate = 1 }) { client, _ in
            let outcome = await send(client)
            #expect(outcome?.failures.count == 5)
            let failure = outcome?.failures[3]
            #expect(failure?.category == .api && failure?.code == "DEMO_REJECTED" && failure?.httpStatus == 422)
            #expect(failure?.field == "_row" && failure?.retryable == false)
        }
    }

    @Test("503 once is retried with the same idempotency key; rows are applied once")
    func unavailableOnce() async throws {
        try await withTarget(configure: { $0.unavailableOnceRate = 1 }) { client, server in
            let outcome = await send(client)
            #expect(outcome?.failures.isEmpty == true && outcome?.attempts == 2)
            #expect(server.ledger.stats.requests == 2 && server.ledger.stats.duplicateApplications == 0)
        }
    }

    @Test("a dropped connection is a network fault that is retried")
    func dropOnce() async throws {
        try await withTarget(configure: { $0.dropOnceRate = 1 }) { client, _ in
            let outcome = await send(client)
            #expect(outcome?.failures.isEmpty == true && outcome?.attempts == 2)
        }
    }

    @Test("a reply slower than the timeout is retried and answered from the idempotency store")
    func slowOnce() async throws {
        try await withTarget(timeout: .milliseconds(200), configure: {
            $0.slowOnceRate = 1
            $0.slowDelay = .seconds(1)
        }) { client, server in
            let outcome = await send(client)
            #expect(outcome?.failures.isEmpty == true && outcome?.attempts == 2)
            #expect(server.ledger.stats.replays == 1 && server.ledger.stats.duplicateApplications == 0)
            #expect(server.ledger.appliedRows(uploadID: "u1") == Set(1...5))
        }
    }

    @Test("429 with Retry-After pauses the upload's gate, then succeeds")
    func rateLimited() async throws {
        try await withTarget(configure: {
            $0.rateLimitOnceRate = 1
            $0.retryAfterSeconds = 1
        }) { client, _ in
            let gate = DispatchGate()
            let outcome = await send(client, gate: gate)
            #expect(outcome?.failures.isEmpty == true && outcome?.attempts == 2)
            #expect(await gate.pauseCount == 1)
        }
    }

    @Test("500 on every attempt fails the rows after max attempts, as retryable API errors")
    func serverError() async throws {
        try await withTarget(configure: { $0.serverErrorRate = 1 }) { client, _ in
            let outcome = await send(client)
            #expect(outcome?.attempts == 3)
            let failure = outcome?.failures[1]
            #expect(failure?.code == "HTTP_500" && failure?.category == .api && failure?.retryable == true && failure?.attempts == 3)
        }
    }

    @Test("401 and 404 are not retried", arguments: [401, 404])
    func notRetried(status: Int) async throws {
        try await withTarget(configure: { status == 401 ? ($0.unauthorizedRate = 1) : ($0.notFoundRate = 1) }) { client, _ in
            let outcome = await send(client)
            #expect(outcome?.attempts == 1)
            #expect(outcome?.failures[5]?.code == "HTTP_\(status)" && outcome?.failures[5]?.retryable == false)
        }
    }

    @Test("a refused connection is a NETWORK failure after every attempt")
    func connectionRefused() async throws {
        try await withTarget(timeout: .milliseconds(300), url: { _ in "http://127.0.0.1:1/rows" }, configure: { _ in }) { client, _ in
            let outcome = await send(client)
            let failure = outcome?.failures[1]
            #expect(failure?.category == .network && failure?.code == "NETWORK_CONNECTION_REFUSED" && failure?.attempts == 3)
        }
    }

    @Test("bearer credentials are sent; the message of a failure never contains them")
    func credentials() async throws {
        try await withTarget(credentials: .bearer(token: "s3cret-token"), configure: { $0.requiredBearerToken = "s3cret-token" }) { client, _ in
            #expect(await send(client)?.failures.isEmpty == true)
        }
        try await withTarget(credentials: .bearer(token: "wrong-token"), configure: { $0.requiredBearerToken = "s3cret-token" }) { client, _ in
            let failure = await send(client)?.failures[1]
            #expect(failure?.code == "HTTP_401")
            #expect(failure?.message.contains("wrong-token") == false)
        }
    }

    @Test("a URL that is not http(s) is refused")
    func invalidURL() {
        #expect(throws: TargetConfiguration.Invalid.url("ftp://x/y")) { try TargetConfiguration(url: "ftp://x/y") }
        #expect(throws: TargetConfiguration.Invalid.limit(name: "batch_size", value: 0)) {
            try TargetConfiguration(url: "http://x/y", batchSize: 0)
        }
    }
}
