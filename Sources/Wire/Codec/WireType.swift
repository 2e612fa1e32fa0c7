/// The protobuf wire type carried in the low three bits of every field tag.
public enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// A decoded field tag: the field number and how its value is encoded.
public struct WireField: Sendable, Equatable {
    /// The field number from the schema (1 ... 2^29 - 1).
    public var number: Int
    /// The encoding of the value that follows the tag.
    public var wireType: WireType

    public init(number: Int, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }
}
