/// Why a byte sequence could not be decoded as a protobuf message.
///
/// Every case names what was wrong so that an RPC peer gets a useful INTERNAL status message.
public enum WireDecodingError: Error, Equatable, CustomStringConvertible {
    /// The input ended inside a varint.
    case truncatedVarint(offset: Int)
    /// A varint ran past ten bytes.
    case malformedVarint(offset: Int)
    /// A length-delimited field or fixed-width value claims more bytes than remain.
    case lengthPastEnd(field: Int, length: UInt64, remaining: Int)
    /// A field arrived with a wire type the schema does not allow for it.
    case wrongWireType(field: Int, expected: WireType, actual: WireType)
    /// A tag with field number 0, a number above 2^29 - 1, or an unknown wire type.
    case invalidTag(offset: Int, tag: UInt64)
    /// Nested messages went deeper than the decoder allows.
    case nestingTooDeep(limit: Int)
    /// A string field held bytes that are not UTF-8.
    case invalidUTF8(field: Int)
    /// A group ended without having started, or did not end before the input did.
    case unbalancedGroup(field: Int)

    public var description: String {
        switch self {
        case .truncatedVarint(let offset):
            return "truncated varint at byte \(offset)"
        case .malformedVarint(let offset):
            return "varint longer than 10 bytes at byte \(offset)"
        case .lengthPastEnd(let field, let length, let remaining):
            return "field \(field) claims \(length) bytes but only \(remaining) remain"
        case .wrongWireType(let field, let expected, let actual):
            return "field \(field) has wire type \(actual) where \(expected) was expected"
        case .invalidTag(let offset, let tag):
            return "invalid field tag \(tag) at byte \(offset)"
        case .nestingTooDeep(let limit):
            return "messages nested deeper than \(limit) levels"
        case .invalidUTF8(let field):
            return "field \(field) is a string but holds invalid UTF-8"
        case .unbalancedGroup(let field):
            return "unbalanced group for field \(field)"
        }
    }
}
