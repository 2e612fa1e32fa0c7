/// One record of a CSV file as the parser found it: its fields, or why it is malformed.
public struct CSVRecord: Sendable, Equatable {
    /// Byte offset of the record's first byte in the file (after any BOM), for reading it again.
    public var offset: Int64
    /// The fields, decoded as UTF-8. Fields of a malformed record may be incomplete.
    public var fields: [String]
    /// Why the record is malformed, or nil.
    public var problem: CSVProblem?

    public init(offset: Int64, fields: [String], problem: CSVProblem? = nil) {
        self.offset = offset
        self.fields = fields
        self.problem = problem
    }
}

/// Why a CSV record cannot be used. Columns count from 1.
public enum CSVProblem: Sendable, Equatable, CustomStringConvertible {
    /// A quoted field was still open at the end of the file.
    case unbalancedQuote(column: Int)
    /// A closing quote was followed by something other than a comma or a line end (`"a"b`).
    case characterAfterClosingQuote(column: Int)
    /// A field's bytes are not valid UTF-8.
    case invalidUTF8(column: Int)
    /// A field is larger than the configured limit; it was not kept.
    case fieldTooLarge(column: Int, limit: Int)
    /// The record has a different number of fields than the header.
    case wrongColumnCount(expected: Int, actual: Int)

    /// The column the problem is in, if it is in one.
    public var column: Int? {
        switch self {
        case .unbalancedQuote(let column), .characterAfterClosingQuote(let column), .invalidUTF8(let column),
            .fieldTooLarge(let column, _):
            return column
        case .wrongColumnCount:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .unbalancedQuote(let column):
            return "column \(column) opens a quote that is never closed"
        case .characterAfterClosingQuote(let column):
            return "column \(column) has characters after its closing quote"
        case .invalidUTF8(let column):
            return "column \(column) is not valid UTF-8"
        case .fieldTooLarge(let column, let limit):
            return "column \(column) is larger than the \(limit)-byte field limit"
        case .wrongColumnCount(let expected, let actual):
            return "the row has \(actual) columns where the header has \(expected)"
        }
    }
}
