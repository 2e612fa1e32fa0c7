import AsyncHTTPClient
import Client
import DemoTarget
import Foundation
import Testing

@Suite("Uploads end to end: upmon serve and upmon demo-target as processes", .serialized)
struct UploadEndToEndTests {
    static let token = "e2e-secret-token-7f3a"
    static let faults = DemoTargetConfiguration(
        seed: 42, rejectRowRate: 0.02, unauthorizedRate: 0.01, notFoundRate: 0.01, serverErrorRate: 0.02,
        unavailableOnceRate: 0.05, rateLimitOnceRate: 0.01, retryAfterSeconds: 1, slowOnceRate: 0.02,
        slowDelay: .milliseconds(5000), dropOnceRate: 0.03, requiredBearerToken: token)

    static var faultArguments: [String] {
        [
            "demo-target", "--port", "0", "--seed", "42", "--reject-rows", "0.02", "--fail401", "0.01", "--fail404", "0.01",
            "--fail500", "0.02", "--fail503-once", "0.05", "--rate-limit-once", "0.01", "--retry-after", "1",
            "--slow-once", "0.02", "--slow-ms", "5000", "--drop-once", "0.03", "--bearer-token", token,
        ]
    }

    static func spec(targetPort: Int, batchSize: Int32 = 50) -> UploadSpec {
        UploadSpec(
            name: "e2e",
            target: TargetSpec(
                url: "http://127.0.0.1:\(targetPort)/rows", bearerToken: token, batchSize: batchSize, concurrency: 8,
                timeoutMs: 2000, maxAttempts: 3),
            mapping: [
                FieldMapping(column: "id", field: "id", type: .integer, required: true),
                FieldMapping(column: "email", field: "email", type: .email, required: true),
                FieldMapping(column: "age", field: "age", type: .integer),
                FieldMapping(column: "name", field: "name", type: .string),
            ])
    }

    /// What each row should end as, from the demo target's deterministic faults.
    static func expectedCategories(uploadID: String, csv: GeneratedCSV, batchSize: Int) -> [Int: String] {
        var expected: [Int: String] = [:]
        for row in 1...csv.rows where csv.isInvalid(row) { expected[row] = "VALIDATION" }
        let valid = csv.validRows
        for start in stride(from: 0, to: valid.count, by: batchSize) {
            let batch = valid[start..<min(start + batchSize, valid.count)]
            let key = "\(uploadID)-a1-b\(start / batchSize)"
            switch faults.fault(forKey: key) {
            case .unauthorized, .notFound, .serverError:
                for row in batch { expected[row] = "API" }
            default:
                for row in batch where faults.rejects(uploadID: uploadID, row: row) { expected[row] = "API" }
            }
        }
        return expected
    }

    static func send(_ csv: GeneratedCSV, spec: UploadSpec, client: UploadMonitorClient) async throws -> Upload {
        let bytes = Array(csv.text.utf8)
        return try await client.startUpload { writer in
            try await writer.send(UploadChunk(part: .spec(spec)))
            for start in stride(from: 0, to: bytes.count, by: 64 * 1024) {
                try await writer.send(UploadChunk(part: .csvData(Array(bytes[start..<min(start + 64 * 1024, bytes.count)]))))
            }
        }
    }

    @Test("10,000 rows with every fault type: every row accounted for, each good row applied once, no secret in the log")
    func tenThousandRowsWithFaults() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = try await UpmonProcess(Self.faultArguments, logPath: directory.appendingPathComponent("target.log").path)
        let server = try await UpmonProcess(
            ["serve", "--port", "0", "--data-dir", directory.appendingPathComponent("data").path, "--log-level", "debug"],
            logPath: directory.appendingPathComponent("server.log").path)
        let client = UploadMonitorClient(host: "127.0.0.1", port: server.port)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let csv = GeneratedCSV(rows: 10_000)

        let started = try await Self.send(csv, spec: Self.spec(targetPort: target.port), client: client)
        #expect(started.spec?.target?.bearerToken == "[redacted]")
        let ended = try await waitUntilEnded(client, started.uploadID)
        let progress = try #require(ended.progress)
        #expect(ended.phase == .completedWithErrors)
        #expect(progress.totalRows == 10_000)
        #expect(progress.succeededRows + progress.failedRows == progress.totalRows)
        #expect(progress.processedRows == progress.totalRows)

        let expected = Self.expectedCategories(uploadID: started.uploadID, csv: csv, batchSize: 50)
        let stored = try await StoredErrors.categoriesByRow(
            databasePath: directory.appendingPathComponent("data/upmon.sqlite").path, uploadID: started.uploadID)
        #expect(stored.count == Int(progress.failedRows))
        #expect(stored == expected)

        let stats = try await demoTargetStats(port: target.port, client: http)
        #expect(stats.appliedRows == Int(progress.succeededRows))
        #expect(stats.duplicateApplications == 0)

        await client.close()
        await server.stop()
        await target.stop()
        try await http.shutdown()
        let log = try String(contentsOfFile: server.logPath, encoding: .utf8)
        #expect(!log.contains(Self.token), "the bearer token appears in the server log")
    }

    @Test("kill -9 after spooling, mid dispatch and during retries: the upload finishes, no row lost or applied twice")
    func crashesAndResumes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = try await UpmonProcess(Self.faultArguments, logPath: directory.appendingPathComponent("target.log").path)
        let dataDirectory = directory.appendingPathComponent("data").path
        func startServer(port: Int) async throws -> UpmonProcess {
            try await UpmonProcess(
                ["serve", "--port", String(port), "--data-dir", dataDirectory],
                logPath: directory.appendingPathComponent("server-\(UUID()).log").path)
        }
        var server = try await startServer(port: 0)
        let port = server.port
        var client = UploadMonitorClient(host: "127.0.0.1", port: port)
        let csv = GeneratedCSV(rows: 6_000)
        let started = try await Self.send(csv, spec: Self.spec(targetPort: target.port, batchSize: 20), client: client)

        // 1. Right after spooling: the reply came, nothing else is known to have happened.
        await server.kill()
        server = try await startServer(port: port)
        await client.close()
        client = UploadMonitorClient(host: "127.0.0.1", port: port)
        // 2. Mid dispatch.
        _ = try await waitUntil(client, started.uploadID) { ($0.progress?.processedRows ?? 0) > 1_500 }
        await server.kill()
        server = try await startServer(port: port)
        await client.close()
        client = UploadMonitorClient(host: "127.0.0.1", port: port)
        // 3. Later, while batches are being retried (every fault type is active throughout).
        _ = try await waitUntil(client, started.uploadID) { ($0.progress?.processedRows ?? 0) > 4_000 }
        await server.kill()
        server = try await startServer(port: port)
        await client.close()
        client = UploadMonitorClient(host: "127.0.0.1", port: port)

        let ended = try await waitUntilEnded(client, started.uploadID)
        let progress = try #require(ended.progress)
        #expect(ended.phase == .completedWithErrors)
        #expect(progress.totalRows == 6_000 && progress.succeededRows + progress.failedRows == 6_000)
        let expected = Self.expectedCategories(uploadID: started.uploadID, csv: csv, batchSize: 20)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let stats = try await demoTargetStats(port: target.port, client: http)
        #expect(stats.duplicateApplications == 0)
        #expect(stats.appliedRows == 6_000 - expected.count)
        #expect(Int(progress.succeededRows) == 6_000 - expected.count)
        await client.close()
        await server.stop()
        await target.stop()
        try await http.shutdown()
    }
}
