/// The store's schema, as numbered migrations applied in order and tracked in `PRAGMA user_version`.
///
/// Tables:
/// - `uploads`: one row per upload: spec (with secrets, never returned), phase, counters, times.
/// - `requests`: one row per batch request of an upload attempt: its idempotency key and state
///   (`in_flight` before sending, then `succeeded`, `partial` or `failed`), attempts, status, latency.
/// - `row_outcomes`: one row per processed data row: succeeded (1) or failed (2), and in which attempt.
/// - `errors`: every row failure: category, stable code, message, context, suggestion.
/// - `audit_events`: what was done to an upload, by whom.
enum StoreMigrations {
    static let all: [[String]] = [
        [
            """
            CREATE TABLE uploads (
                upload_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                phase INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                spec BLOB NOT NULL,
                source_path TEXT NOT NULL,
                total_rows INTEGER NOT NULL DEFAULT 0,
                processed_rows INTEGER NOT NULL DEFAULT 0,
                succeeded_rows INTEGER NOT NULL DEFAULT 0,
                failed_rows INTEGER NOT NULL DEFAULT 0,
                message TEXT NOT NULL DEFAULT '',
                created_at_unix_ms INTEGER NOT NULL,
                started_at_unix_ms INTEGER NOT NULL DEFAULT 0,
                finished_at_unix_ms INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE requests (
                upload_id TEXT NOT NULL,
                request_id TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                batch_index INTEGER NOT NULL,
                first_row INTEGER NOT NULL,
                row_count INTEGER NOT NULL,
                state TEXT NOT NULL,
                tries INTEGER NOT NULL DEFAULT 0,
                http_status INTEGER NOT NULL DEFAULT 0,
                latency_ms INTEGER NOT NULL DEFAULT 0,
                error_code TEXT NOT NULL DEFAULT '',
                started_at_unix_ms INTEGER NOT NULL DEFAULT 0,
                finished_at_unix_ms INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (upload_id, request_id)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE row_outcomes (
                upload_id TEXT NOT NULL,
                row_number INTEGER NOT NULL,
                status INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                PRIMARY KEY (upload_id, row_number)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE errors (
                error_id INTEGER PRIMARY KEY AUTOINCREMENT,
                upload_id TEXT NOT NULL,
                row_number INTEGER NOT NULL,
                category INTEGER NOT NULL,
                code TEXT NOT NULL,
                message TEXT NOT NULL,
                context TEXT NOT NULL,
                suggestion TEXT NOT NULL,
                retryable INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                http_status INTEGER NOT NULL,
                field TEXT NOT NULL,
                created_at_unix_ms INTEGER NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX errors_once ON errors (upload_id, row_number, attempt, code, field)",
            "CREATE INDEX errors_by_upload ON errors (upload_id, error_id)",
            """
            CREATE TABLE audit_events (
                event_id INTEGER PRIMARY KEY AUTOINCREMENT,
                upload_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL,
                created_at_unix_ms INTEGER NOT NULL
            )
            """,
            "CREATE INDEX audit_by_upload ON audit_events (upload_id, event_id)",
        ]
    ]
}
