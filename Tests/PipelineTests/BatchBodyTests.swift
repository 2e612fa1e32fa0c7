import Foundation
@testable import Pipeline
import Testing

@Suite("Batch request body")
struct BatchBodyTests {
    @Test("rows are JSON with _row first and values typed by the mapping")
    func typedJSON() throws {
        let rows = [
            MappedRow(number: 17, fields: [
                ("name", .string("Zoë \"Q\"\n\u{1}")), ("age", .integer(-3)), ("score", .number(2.5)),
                ("active", .boolean(false)), ("note", .null),
            ])
        ]
        let bytes = BatchBody.encode(uploadID: "up-1", rows: rows)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["upload_id"] as? String == "up-1")
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        #expect(row["_row"] as? Int == 17)
        #expect(row["name"] as? String == "Zoë \"Q\"\n\u{1}")
        #expect(row["age"] as? Int == -3)
        #expect(row["score"] as? Double == 2.5)
        #expect(row["active"] as? Bool == false)
        #expect(row["note"] is NSNull)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"upload_id":"up-1","rows":[{"_row":17,"#))
    }
}
