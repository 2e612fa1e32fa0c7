import ArgumentParser
import DemoTarget
import Foundation
import NIOCore

/// `upmon demo-target`: a local HTTP/1.1 API that follows the target-API contract, with seeded
/// fault injection. A development tool for demos and tests, not part of the product.
struct DemoTargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-target",
        abstract: "Run a local target API with seeded fault injection (development tool).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port).")
    var port = 8080

    @Option(help: "Seed for every fault decision.")
    var seed: UInt64 = 1

    @Option(help: "Share of rows rejected with 422 (0-1).")
    var rejectRows = 0.0

    @Option(help: "Share of requests answered 401.")
    var fail401 = 0.0

    @Option(help: "Share of requests answered 404.")
    var fail404 = 0.0

    @Option(help: "Share of requests answered 500 on every attempt.")
    var fail500 = 0.0

    @Option(help: "Share of requests answered 503 once, then served.")
    var fail503Once = 0.0

    @Option(help: "Share of requests answered 429 with Retry-After once, then served.")
    var rateLimitOnce = 0.0

    @Option(help: "Seconds sent in Retry-After.")
    var retryAfter = 1

    @Option(help: "Share of requests answered late (past a client timeout) once.")
    var slowOnce = 0.0

    @Option(help: "Milliseconds a slow reply waits.")
    var slowMs: Int64 = 3000

    @Option(help: "Share of requests whose connection is dropped once without a reply.")
    var dropOnce = 0.0

    @Option(help: "Require this bearer token (401 otherwise).")
    var bearerToken: String?

    func run() async throws {
        let server = DemoTargetServer(
            configuration: DemoTargetConfiguration(
                seed: seed, rejectRowRate: rejectRows, unauthorizedRate: fail401, notFoundRate: fail404,
                serverErrorRate: fail500, unavailableOnceRate: fail503Once, rateLimitOnceRate: rateLimitOnce,
                retryAfterSeconds: retryAfter, slowOnceRate: slowOnce, slowDelay: .milliseconds(slowMs),
                dropOnceRate: dropOnce, requiredBearerToken: bearerToken))
        let bound = try await server.start(host: host, port: port)
        FileHandle.standardOutput.write(Data("demo-target listening on \(host):\(bound)\n".utf8))
        try await server.run()
    }
}
