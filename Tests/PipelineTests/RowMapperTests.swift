import Pipeline
import Testing

@Suite("Field mapping and validation")
struct RowMapperTests {
    static let header = ["id", "email", "age", "score", "active", "joined", "plan", "code", "_note"]
    static let rules = [
        FieldRule(column: "id", kind: .integer, required: true),
        FieldRule(column: "email", field: "contact_email", kind: .email, required: true),
        FieldRule(column: "age", kind: .integer),
        FieldRule(column: "score", kind: .number),
        FieldRule(column: "active", kind: .boolean),
        FieldRule(column: "joined", kind: .date),
        FieldRule(column: "plan", allowedValues: ["free", "pro"]),
        FieldRule(column: "code", pattern: "^[A-Z]{3}-[0-9]+$", maxLength: 8),
    ]

    private func mapper() throws -> RowMapper {
        try RowMapper(header: Self.header, rules: Self.rules)
    }

    @Test("a valid row maps to typed values under the target field names")
    func validRow() throws {
        let result = try mapper().map(
            number: 7, fields: ["42", "a@b.io", "", "3.5", "Yes", "2024-02-29", "pro", "ABC-12", "x"])
        let row = try result.get()
        #expect(row.number == 7)
        #expect(row.fields.map(\.name) == ["id", "contact_email", "age", "score", "active", "joined", "plan", "code"])
        #expect(row.fields.map(\.value) == [
            .integer(42), .string("a@b.io"), .null, .number(3.5), .boolean(true), .string("2024-02-29"),
            .string("pro"), .string("ABC-12"),
        ])
    }

    @Test("one failure per failing field, naming row, column, value and rule")
    func failures() throws {
        let result = try mapper().map(
            number: 3, fields: ["x1", "not-an-email", "12.5", "NaN", "maybe", "2023-02-29", "gold", "abc-1", ""])
        guard case .failure(let rejected) = result else {
            Issue.record("expected failures")
            return
        }
        let failures = rejected.failures
        #expect(failures.map(\.code) == [
            .invalidInteger, .invalidEmail, .invalidInteger, .invalidNumber, .invalidBoolean, .invalidDate,
            .valueNotAllowed, .patternMismatch,
        ])
        #expect(failures.allSatisfy { $0.row == 3 })
        #expect(failures[0].message == "row 3, column id: value \"x1\" is not a whole number")
        #expect(failures[1].column == "email" && failures[1].field == "contact_email" && failures[1].value == "not-an-email")
    }

    @Test("required, maximum length")
    func requiredAndLength() throws {
        let result = try mapper().map(number: 1, fields: ["", "a@b.io", "", "", "", "", "", "ABCD-12345", ""])
        guard case .failure(let rejected) = result else {
            Issue.record("expected failures")
            return
        }
        #expect(rejected.failures.map(\.code) == [.requiredFieldMissing, .valueTooLong])
    }

    @Test("without a mapping, every column but _-prefixed ones is a string")
    func noMapping() throws {
        let mapper = try RowMapper(header: ["a", "_row", "b"], rules: [])
        let row = try mapper.map(number: 1, fields: ["1", "9", ""]).get()
        #expect(row.fields.map(\.name) == ["a", "b"])
        #expect(row.fields.map(\.value) == [.string("1"), .null])
    }

    @Test("a mapping that does not fit the header is a configuration error")
    func configurationErrors() {
        #expect(throws: RowMapper.ConfigurationError.unknownColumn("missing")) {
            try RowMapper(header: ["a"], rules: [FieldRule(column: "missing")])
        }
        #expect(throws: RowMapper.ConfigurationError.invalidPattern(column: "a", pattern: "(")) {
            try RowMapper(header: ["a"], rules: [FieldRule(column: "a", pattern: "(")])
        }
        #expect(throws: RowMapper.ConfigurationError.duplicateField("x")) {
            try RowMapper(header: ["a", "b"], rules: [FieldRule(column: "a", field: "x"), FieldRule(column: "b", field: "x")])
        }
    }

    @Test("dates and e-mail addresses", arguments: [
        ("2026-11-29", true), ("2026-11-29T10:15:00Z", true), ("2026-11-29 10:15", true),
        ("2026-11-29T10:15:00.123+01:00", true), ("2026-13-01", false), ("2025-02-29", false),
        ("2026-11-29T24:00", false), ("29/11/2026", false), ("2026-11-29T10:15:00+1", false),
    ])
    func dates(_ text: String, _ valid: Bool) throws {
        let mapper = try RowMapper(header: ["d"], rules: [FieldRule(column: "d", kind: .date)])
        #expect(((try? mapper.map(number: 1, fields: [text]).get()) != nil) == valid)
    }

    @Test("e-mail addresses", arguments: [
        ("a@b.co", true), ("first.last+tag@sub.example.org", true), ("a@b", false), ("@b.co", false),
        ("a b@c.co", false), ("a@@b.co", false), ("a@-b.co", false), ("a@b..co", false),
    ])
    func emails(_ text: String, _ valid: Bool) throws {
        let mapper = try RowMapper(header: ["e"], rules: [FieldRule(column: "e", kind: .email)])
        #expect(((try? mapper.map(number: 1, fields: [text]).get()) != nil) == valid)
    }
}
