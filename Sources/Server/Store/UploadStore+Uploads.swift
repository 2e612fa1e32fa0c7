import Schema
import SQLiteNIO

extension UploadStore {
    private static let uploadColumns = """
        upload_id, name, phase, attempt, spec, source_path, total_rows, processed_rows, succeeded_rows, \
        failed_rows, message, created_at_unix_ms, started_at_unix_ms, finished_at_unix_ms
        """

    public func insert(_ upload: UploadRecord) async throws {
        try await transaction {
            _ = try await connection.query(
                "INSERT INTO uploads (\(Self.uploadColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    .text(upload.uploadID), .text(upload.name), .integer(Int(upload.phase.rawValue)), .integer(upload.attempt),
                    .blob(ByteBuffer(bytes: upload.spec.wireBytes())), .text(upload.sourcePath),
                    .integer(Int(upload.totalRows)), .integer(Int(upload.processedRows)), .integer(Int(upload.succeededRows)),
                    .integer(Int(upload.failedRows)), .text(upload.message), .integer(Int(upload.createdAtUnixMs)),
                    .integer(Int(upload.startedAtUnixMs)), .integer(Int(upload.finishedAtUnixMs)),
                ])
        }
    }

    public func upload(_ uploadID: String) async throws -> UploadRecord? {
        try await read("SELECT \(Self.uploadColumns) FROM uploads WHERE upload_id = ?", [.text(uploadID)])
            .first.map(Self.record)
    }

    /// Uploads in creation order after the given key, at most `limit`.
    public func uploads(after key: (createdAt: Int64, uploadID: String)?, limit: Int) async throws -> [UploadRecord] {
        let rows: [SQLiteRow]
        if let key {
            rows = try await read(
                """
                SELECT \(Self.uploadColumns) FROM uploads
                WHERE (created_at_unix_ms, upload_id) > (?, ?) ORDER BY created_at_unix_ms, upload_id LIMIT ?
                """,
                [.integer(Int(key.createdAt)), .text(key.uploadID), .integer(limit)])
        } else {
            rows = try await read(
                "SELECT \(Self.uploadColumns) FROM uploads ORDER BY created_at_unix_ms, upload_id LIMIT ?",
                [.integer(limit)])
        }
        return rows.map(Self.record)
    }

    /// Uploads that were not finished when the server stopped.
    public func unfinishedUploads() async throws -> [UploadRecord] {
        let phases = [Phase.receiving, .validating, .uploading, .retrying].map { String($0.rawValue) }.joined(separator: ",")
        return try await read(
            "SELECT \(Self.uploadColumns) FROM uploads WHERE phase IN (\(phases)) ORDER BY created_at_unix_ms")
            .map(Self.record)
    }

    /// Moves an upload to a phase. Start and finish times are set the first time they apply.
    public func setPhase(_ uploadID: String, _ phase: Phase, message: String = "") async throws {
        let now = Int(Self.now())
        let finished = [Phase.completed, .completedWithErrors, .failed, .cancelled].contains(phase)
        try await transaction {
            _ = try await connection.query(
                """
                UPDATE uploads SET phase = ?, message = ?,
                    started_at_unix_ms = CASE WHEN started_at_unix_ms = 0 AND ? THEN ? ELSE started_at_unix_ms END,
                    finished_at_unix_ms = CASE WHEN ? THEN ? ELSE 0 END
                WHERE upload_id = ?
                """,
                [
                    .integer(Int(phase.rawValue)), .text(message), .integer(phase == .receiving ? 0 : 1), .integer(now),
                    .integer(finished ? 1 : 0), .integer(now), .text(uploadID),
                ])
        }
    }

    public func setTotalRows(_ uploadID: String, _ total: Int64) async throws {
        try await transaction {
            _ = try await connection.query(
                "UPDATE uploads SET total_rows = ? WHERE upload_id = ?", [.integer(Int(total)), .text(uploadID)])
        }
    }

    public func addAuditEvent(uploadID: String, kind: String, actor: String, detail: String) async throws {
        try await transaction {
            _ = try await connection.query(
                "INSERT INTO audit_events (upload_id, kind, actor, detail, created_at_unix_ms) VALUES (?,?,?,?,?)",
                [.text(uploadID), .text(kind), .text(actor), .text(detail), .integer(Int(Self.now()))])
        }
    }

    static func record(_ row: SQLiteRow) -> UploadRecord {
        func int(_ name: String) -> Int64 { Int64(row.column(name)?.integer ?? 0) }
        func text(_ name: String) -> String { row.column(name)?.string ?? "" }
        var specBuffer = row.column("spec")?.blob ?? ByteBuffer()
        let spec = (try? UploadSpec(wireBytes: specBuffer.readBytes(length: specBuffer.readableBytes) ?? [])) ?? UploadSpec()
        return UploadRecord(
            uploadID: text("upload_id"), name: text("name"), phase: Phase(rawValue: Int32(int("phase"))),
            attempt: Int(int("attempt")), spec: spec, sourcePath: text("source_path"), totalRows: int("total_rows"),
            processedRows: int("processed_rows"), succeededRows: int("succeeded_rows"), failedRows: int("failed_rows"),
            message: text("message"), createdAtUnixMs: int("created_at_unix_ms"),
            startedAtUnixMs: int("started_at_unix_ms"), finishedAtUnixMs: int("finished_at_unix_ms"))
    }
}
