import Foundation
import Schema
import SQLiteNIO

extension UploadStore {
    /// Records failed rows (validation failures) with their errors; rows already recorded are
    /// left alone, so replaying after a crash writes nothing twice.
    public func recordFailedRows(uploadID: String, attempt: Int, failures: [RowFailureRecord]) async throws {
        guard !failures.isEmpty else { return }
        try await transaction {
            let rows = Array(Set(failures.map(\.row))).sorted()
            let newlyFailed = try await insertOutcomes(uploadID: uploadID, rows: rows, status: 2, attempt: attempt)
            try await insertErrors(uploadID: uploadID, failures)
            try await addToCounters(uploadID: uploadID, succeeded: 0, failed: newlyFailed)
        }
    }

    /// Marks a batch request as in flight before it is sent, with its rows' range.
    public func beginRequest(
        uploadID: String, requestID: String, attempt: Int, batchIndex: Int, firstRow: Int64, rowCount: Int
    ) async throws {
        try await transaction {
            _ = try await connection.query(
                """
                INSERT INTO requests (upload_id, request_id, attempt, batch_index, first_row, row_count, state, started_at_unix_ms)
                VALUES (?,?,?,?,?,?,'in_flight',?)
                ON CONFLICT (upload_id, request_id) DO UPDATE SET state = 'in_flight', started_at_unix_ms = excluded.started_at_unix_ms
                """,
                [
                    .text(uploadID), .text(requestID), .integer(attempt), .integer(batchIndex), .integer(Int(firstRow)),
                    .integer(rowCount), .integer(Int(Self.now())),
                ])
        }
    }

    /// Records a request's final state, its rows' outcomes and errors, and the upload's counters,
    /// all in one transaction.
    public func complete(_ completion: RequestCompletion, attempt: Int) async throws {
        try await transaction {
            _ = try await connection.query(
                """
                UPDATE requests SET state = ?, tries = ?, http_status = ?, latency_ms = ?, error_code = ?, finished_at_unix_ms = ?
                WHERE upload_id = ? AND request_id = ?
                """,
                [
                    .text(completion.state), .integer(completion.tries), .integer(completion.httpStatus),
                    .integer(Int(completion.latencyMs)), .text(completion.errorCode), .integer(Int(Self.now())),
                    .text(completion.uploadID), .text(completion.requestID),
                ])
            let succeeded = try await insertOutcomes(
                uploadID: completion.uploadID, rows: completion.succeededRows, status: 1, attempt: attempt)
            let failedRows = Array(Set(completion.failures.map(\.row))).sorted()
            let failed = try await insertOutcomes(uploadID: completion.uploadID, rows: failedRows, status: 2, attempt: attempt)
            try await insertErrors(uploadID: completion.uploadID, completion.failures)
            try await addToCounters(uploadID: completion.uploadID, succeeded: succeeded, failed: failed)
        }
    }

    /// The state of each batch request of an attempt, by batch index.
    public func requestStates(uploadID: String, attempt: Int) async throws -> [Int: String] {
        let rows = try await read(
            "SELECT batch_index, state FROM requests WHERE upload_id = ? AND attempt = ?",
            [.text(uploadID), .integer(attempt)])
        var states: [Int: String] = [:]
        for row in rows {
            states[Int(row.column("batch_index")?.integer ?? -1)] = row.column("state")?.string ?? ""
        }
        return states
    }

    /// Recomputes the upload's counters from its row outcomes (after a restart).
    public func recount(uploadID: String) async throws {
        try await transaction {
            _ = try await connection.query(
                """
                UPDATE uploads SET
                    succeeded_rows = (SELECT COUNT(*) FROM row_outcomes WHERE upload_id = ?1 AND status = 1),
                    failed_rows = (SELECT COUNT(*) FROM row_outcomes WHERE upload_id = ?1 AND status = 2),
                    processed_rows = (SELECT COUNT(*) FROM row_outcomes WHERE upload_id = ?1)
                WHERE upload_id = ?1
                """,
                [.text(uploadID)])
        }
    }

    private func insertOutcomes(uploadID: String, rows: [Int64], status: Int, attempt: Int) async throws -> Int {
        try await insertMany(
            "INSERT OR IGNORE INTO row_outcomes (upload_id, row_number, status, attempt)", columns: 4, items: rows
        ) { row in [.text(uploadID), .integer(Int(row)), .integer(status), .integer(attempt)] }
    }

    private func insertErrors(uploadID: String, _ failures: [RowFailureRecord]) async throws {
        let now = Int(Self.now())
        _ = try await insertMany(
            """
            INSERT OR IGNORE INTO errors (upload_id, row_number, category, code, message, context, suggestion, retryable, \
            attempt, http_status, field, created_at_unix_ms)
            """,
            columns: 12, items: failures
        ) { failure in
            let context = (try? JSONSerialization.data(withJSONObject: failure.context, options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return [
                .text(uploadID), .integer(Int(failure.row)), .integer(Int(failure.category.rawValue)), .text(failure.code),
                .text(failure.message), .text(context), .text(failure.suggestion), .integer(failure.retryable ? 1 : 0),
                .integer(failure.attempt), .integer(failure.httpStatus), .text(failure.field), .integer(now),
            ]
        }
    }

    private func addToCounters(uploadID: String, succeeded: Int, failed: Int) async throws {
        guard succeeded + failed > 0 else { return }
        _ = try await connection.query(
            """
            UPDATE uploads SET succeeded_rows = succeeded_rows + ?, failed_rows = failed_rows + ?,
                processed_rows = processed_rows + ? WHERE upload_id = ?
            """,
            [.integer(succeeded), .integer(failed), .integer(succeeded + failed), .text(uploadID)])
    }
}
