/// How one CSV column becomes one field of the rows sent to the target API, and what it must hold.
public struct FieldRule: Sendable, Equatable {
    /// The type a value must parse as; it decides the JSON type sent.
    public enum Kind: Sendable, Equatable {
        /// Sent as a JSON string, unchanged.
        case string
        /// A whole number in the 64-bit range, sent as a JSON number.
        case integer
        /// A finite decimal number, sent as a JSON number.
        case number
        /// true/false, yes/no, y/n, t/f or 1/0 (any case), sent as a JSON boolean.
        case boolean
        /// An ISO 8601 date (`2026-11-29`) or date-time (`2026-11-29T10:15:00Z`), sent as a string.
        case date
        /// An e-mail address (`local@domain.tld`), sent as a string.
        case email
    }

    /// The CSV header name the value comes from.
    public var column: String
    /// The field name in the target row; empty means the column name.
    public var field: String
    public var kind: Kind
    /// Whether an empty value is an error (otherwise it is sent as null).
    public var required: Bool
    /// A regular expression the value must contain a match of (anchor with `^…$` for the whole
    /// value); empty for none.
    public var pattern: String
    /// The most characters the value may have; 0 for no limit.
    public var maxLength: Int
    /// The only values allowed (exact match); empty for any.
    public var allowedValues: [String]

    public init(
        column: String, field: String = "", kind: Kind = .string, required: Bool = false, pattern: String = "",
        maxLength: Int = 0, allowedValues: [String] = []
    ) {
        self.column = column
        self.field = field
        self.kind = kind
        self.required = required
        self.pattern = pattern
        self.maxLength = maxLength
        self.allowedValues = allowedValues
    }

    /// The field name used in the target row.
    public var targetField: String { field.isEmpty ? column : field }
}
