/// One field of one row that failed a rule, with a stable code (see proto-docs/ERRORS.md).
public struct ValidationFailure: Sendable, Equatable {
    /// Stable codes of validation failures.
    public enum Code: String, Sendable {
        case requiredFieldMissing = "REQUIRED_FIELD_MISSING"
        case invalidInteger = "INVALID_INTEGER"
        case invalidNumber = "INVALID_NUMBER"
        case invalidBoolean = "INVALID_BOOLEAN"
        case invalidDate = "INVALID_DATE"
        case invalidEmail = "INVALID_EMAIL"
        case patternMismatch = "PATTERN_MISMATCH"
        case valueTooLong = "VALUE_TOO_LONG"
        case valueNotAllowed = "VALUE_NOT_ALLOWED"
    }

    public var row: Int
    public var column: String
    public var field: String
    public var value: String
    public var code: Code
    /// Names the row, the column, the value and the rule.
    public var message: String
}

/// Every field of one row that broke a rule.
public struct RowRejected: Error, Sendable, Equatable {
    public var failures: [ValidationFailure]
}
