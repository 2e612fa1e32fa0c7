import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// The server's durable state in one SQLite file (WAL mode), through sqlite-nio.
///
/// One connection; each transaction holds an `AsyncLock` so its statements are not interleaved
/// with another task's. Rows are written in multi-row statements, never one transaction per row.
public final class UploadStore: Sendable {
    let connection: SQLiteConnection
    let lock = AsyncLock()

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the store at `path` and applies pending migrations.
    public static func open(path: String, logger: Logger) async throws -> UploadStore {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let store = UploadStore(connection: connection)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000"] {
            _ = try await connection.query(pragma)
        }
        try await store.migrate()
        return store
    }

    public func close() async throws {
        try await connection.close()
    }

    private func migrate() async throws {
        let version = try await connection.query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        for (index, statements) in StoreMigrations.all.enumerated() where index >= version {
            try await transaction {
                for statement in statements { _ = try await connection.query(statement) }
                _ = try await connection.query("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error), exclusively.
    func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await lock.withLock {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let result = try await body()
                _ = try await connection.query("COMMIT")
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs one read statement under the lock (so it never lands inside another task's transaction).
    func read(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await lock.withLock { try await connection.query(sql, binds) }
    }

    /// Runs `statement` for `items` in chunks, each chunk one multi-row statement:
    /// `prefix` followed by one `(?, ?, ...)` group per item.
    func insertMany<Item>(
        _ prefix: String, suffix: String = "", columns: Int, items: [Item], binds: (Item) -> [SQLiteData]
    ) async throws -> Int {
        var inserted = 0
        let perStatement = max(1, 30_000 / columns)
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + perStatement, items.count)]
            let group = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
            let sql = prefix + " VALUES " + Array(repeating: group, count: chunk.count).joined(separator: ",") + suffix
            _ = try await connection.query(sql, chunk.flatMap(binds))
            inserted += try await changes()
            start += perStatement
        }
        return inserted
    }

    func changes() async throws -> Int {
        Int(try await connection.query("SELECT changes() AS n").first?.column("n")?.integer ?? 0)
    }

    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
