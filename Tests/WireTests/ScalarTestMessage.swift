import Wire

/// A message using every wire type and field shape the codec supports, for codec tests.
struct ScalarTestMessage: WireMessage {
    enum Color: WireEnum {
        case none, red, green
        case unrecognized(Int32)

        init() { self = .none }

        init(rawValue: Int32) {
            switch rawValue {
            case 0: self = .none
            case 1: self = .red
            case 2: self = .green
            default: self = .unrecognized(rawValue)
            }
        }

        var rawValue: Int32 {
            switch self {
            case .none: return 0
            case .red: return 1
            case .green: return 2
            case .unrecognized(let value): return value
            }
        }
    }

    enum Choice: Equatable, Sendable {
        case text(String)
        case nested(ScalarTestMessage.Nested)
    }

    struct Nested: WireMessage {
        var value: Int64 = 0
        var child: [Nested] = []

        func encode(to writer: inout WireWriter) {
            writer.writeInt64(field: 1, value)
            writer.writeRepeatedMessage(field: 2, child)
        }

        mutating func decodeField(_ field: WireField, from reader: inout WireReader) throws {
            switch field.number {
            case 1: value = try reader.readInt64(field)
            case 2: child.append(try reader.readMessage(field))
            default: try reader.skip(field)
            }
        }
    }

    var int32: Int32 = 0
    var int64: Int64 = 0
    var uint32: UInt32 = 0
    var uint64: UInt64 = 0
    var sint32: Int32 = 0
    var sint64: Int64 = 0
    var fixed32: UInt32 = 0
    var fixed64: UInt64 = 0
    var sfixed32: Int32 = 0
    var sfixed64: Int64 = 0
    var float: Float = 0
    var double: Double = 0
    var bool = false
    var string = ""
    var bytes: [UInt8] = []
    var color = Color()
    var nested: Nested?
    var packedInt32: [Int32] = []
    var packedSInt64: [Int64] = []
    var packedFixed32: [UInt32] = []
    var packedDouble: [Double] = []
    var packedColors: [Color] = []
    var strings: [String] = []
    var map: [String: String] = [:]
    var choice: Choice?

    func encode(to writer: inout WireWriter) {
        writer.writeInt32(field: 1, int32)
        writer.writeInt64(field: 2, int64)
        writer.writeUInt32(field: 3, uint32)
        writer.writeUInt64(field: 4, uint64)
        writer.writeSInt32(field: 5, sint32)
        writer.writeSInt64(field: 6, sint64)
        writer.writeFixed32(field: 7, fixed32)
        writer.writeFixed64(field: 8, fixed64)
        writer.writeSFixed32(field: 9, sfixed32)
        writer.writeSFixed64(field: 10, sfixed64)
        writer.writeFloat(field: 11, float)
        writer.writeDouble(field: 12, double)
        writer.writeBool(field: 13, bool)
        writer.writeString(field: 14, string)
        writer.writeBytes(field: 15, bytes)
        writer.writeEnum(field: 16, color)
        writer.writeMessage(field: 17, nested)
        writer.writePackedInt32(field: 18, packedInt32)
        writer.writePackedSInt64(field: 19, packedSInt64)
        writer.writePackedFixed32(field: 20, packedFixed32)
        writer.writePackedDouble(field: 21, packedDouble)
        writer.writePackedEnum(field: 22, packedColors)
        writer.writeRepeatedString(field: 23, strings)
        writer.writeStringMap(field: 24, map)
        switch choice {
        case .text(let text): writer.writeOneofString(field: 25, text)
        case .nested(let nested): writer.writeMessage(field: 26, nested)
        case nil: break
        }
    }

    mutating func decodeField(_ field: WireField, from reader: inout WireReader) throws {
        switch field.number {
        case 1: int32 = try reader.readInt32(field)
        case 2: int64 = try reader.readInt64(field)
        case 3: uint32 = try reader.readUInt32(field)
        case 4: uint64 = try reader.readUInt64(field)
        case 5: sint32 = try reader.readSInt32(field)
        case 6: sint64 = try reader.readSInt64(field)
        case 7: fixed32 = try reader.readFixed32(field)
        case 8: fixed64 = try reader.readFixed64(field)
        case 9: sfixed32 = try reader.readSFixed32(field)
        case 10: sfixed64 = try reader.readSFixed64(field)
        case 11: float = try reader.readFloat(field)
        case 12: double = try reader.readDouble(field)
        case 13: bool = try reader.readBool(field)
        case 14: string = try reader.readString(field)
        case 15: bytes = try reader.readBytes(field)
        case 16: color = try reader.readEnum(field)
        case 17: nested = try reader.readMessage(field)
        case 18: try reader.readRepeatedInt32(field, into: &packedInt32)
        case 19: try reader.readRepeatedSInt64(field, into: &packedSInt64)
        case 20: try reader.readRepeatedFixed32(field, into: &packedFixed32)
        case 21: try reader.readRepeatedDouble(field, into: &packedDouble)
        case 22: try reader.readRepeatedEnum(field, into: &packedColors)
        case 23: strings.append(try reader.readString(field))
        case 24: try reader.readStringMapEntry(field, into: &map)
        case 25: choice = .text(try reader.readString(field))
        case 26: choice = .nested(try reader.readMessage(field))
        default: try reader.skip(field)
        }
    }
}
