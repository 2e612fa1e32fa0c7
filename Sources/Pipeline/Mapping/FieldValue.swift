/// A typed value of a mapped row, as it is sent to the target API in JSON.
public enum FieldValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    /// An empty, non-required value.
    case null
}

/// A row ready to send: its number and its fields in mapping order.
public struct MappedRow: Sendable, Equatable {
    public var number: Int
    public var fields: [(name: String, value: FieldValue)]

    public init(number: Int, fields: [(name: String, value: FieldValue)]) {
        self.number = number
        self.fields = fields
    }

    public static func == (lhs: MappedRow, rhs: MappedRow) -> Bool {
        lhs.number == rhs.number
            && lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
