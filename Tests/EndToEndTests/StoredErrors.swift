import Foundation
import Logging
import SQLiteNIO

/// Reads the server's SQLite file directly, for what no RPC exposes yet (ListErrors is a later
/// feature): the category of each failed row.
enum StoredErrors {
    static func categoriesByRow(databasePath: String, uploadID: String) async throws -> [Int: String] {
        let connection = try await SQLiteConnection.open(storage: .file(path: databasePath), logger: Logger(label: "test"))
        defer { Task { try? await connection.close() } }
        let rows = try await connection.query(
            "SELECT row_number, MIN(category) AS category FROM errors WHERE upload_id = ? GROUP BY row_number",
            [.text(uploadID)])
        let names = [1: "NETWORK", 2: "API", 3: "VALIDATION", 4: "SYSTEM"]
        var result: [Int: String] = [:]
        for row in rows {
            result[Int(row.column("row_number")?.integer ?? 0)] = names[Int(row.column("category")?.integer ?? 0)] ?? "?"
        }
        return result
    }
}
