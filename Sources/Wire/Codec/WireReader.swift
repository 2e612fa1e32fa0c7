/// Reads protobuf binary encoding from a byte array, defensively.
///
/// Every length is checked against the bytes that remain before anything is sliced or allocated,
/// nesting depth is bounded, and strings are validated as UTF-8. Malformed input throws a
/// `WireDecodingError`; it never traps.
public struct WireReader: Sendable {
    /// The nesting limit protobuf libraries use by default.
    public static let defaultMaxDepth = 100

    private let bytes: [UInt8]
    private var index: Int
    private let end: Int
    private let depth: Int
    private let maxDepth: Int

    public init(bytes: [UInt8], maxDepth: Int = WireReader.defaultMaxDepth) {
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 0, maxDepth: maxDepth)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int, maxDepth: Int) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= end }

    // MARK: Tags and primitives

    /// Reads the next field tag, or returns nil at the end of the message.
    public mutating func nextField() throws -> WireField? {
        guard index < end else { return nil }
        let offset = index
        let tag = try readVarint()
        let number = tag >> 3
        guard number > 0, number < (1 << 29), let wireType = WireType(rawValue: UInt8(tag & 7))
        else { throw WireDecodingError.invalidTag(offset: offset, tag: tag) }
        return WireField(number: Int(number), wireType: wireType)
    }

    /// Reads a base-128 varint of at most ten bytes.
    public mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = index
        while true {
            guard index < end else { throw WireDecodingError.truncatedVarint(offset: start) }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 70 else { throw WireDecodingError.malformedVarint(offset: start) }
        }
    }

    private mutating func readFixed<T: FixedWidthInteger>(_ type: T.Type, field: Int) throws -> T {
        let size = MemoryLayout<T>.size
        guard end - index >= size else {
            throw WireDecodingError.lengthPastEnd(
                field: field, length: UInt64(size), remaining: end - index)
        }
        var value: T = 0
        for offset in 0..<size {
            value |= T(truncatingIfNeeded: bytes[index + offset]) << (8 * offset)
        }
        index += size
        return value
    }

    /// Reads a length prefix and returns the range of the content, checked against what remains.
    private mutating func readLengthDelimitedRange(field: Int) throws -> Range<Int> {
        let length = try readVarint()
        let remaining = end - index
        guard length <= UInt64(remaining) else {
            throw WireDecodingError.lengthPastEnd(field: field, length: length, remaining: remaining)
        }
        let range = index..<index + Int(length)
        index = range.upperBound
        return range
    }

    private func expect(_ field: WireField, _ wireType: WireType) throws {
        guard field.wireType == wireType else {
            throw WireDecodingError.wrongWireType(
                field: field.number, expected: wireType, actual: field.wireType)
        }
    }

    // MARK: Scalars

    public mutating func readInt32(_ field: WireField) throws -> Int32 {
        try expect(field, .varint)
        return Int32(truncatingIfNeeded: try readVarint())
    }

    public mutating func readInt64(_ field: WireField) throws -> Int64 {
        try expect(field, .varint)
        return Int64(bitPattern: try readVarint())
    }

    public mutating func readUInt32(_ field: WireField) throws -> UInt32 {
        try expect(field, .varint)
        return UInt32(truncatingIfNeeded: try readVarint())
    }

    public mutating func readUInt64(_ field: WireField) throws -> UInt64 {
        try expect(field, .varint)
        return try readVarint()
    }

    public mutating func readSInt32(_ field: WireField) throws -> Int32 {
        try expect(field, .varint)
        let raw = UInt32(truncatingIfNeeded: try readVarint())
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func readSInt64(_ field: WireField) throws -> Int64 {
        try expect(field, .varint)
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func readBool(_ field: WireField) throws -> Bool {
        try expect(field, .varint)
        return try readVarint() != 0
    }

    public mutating func readEnum<E: WireEnum>(_ field: WireField, as type: E.Type = E.self) throws -> E {
        E(rawValue: try readInt32(field))
    }

    public mutating func readFixed32(_ field: WireField) throws -> UInt32 {
        try expect(field, .fixed32)
        return try readFixed(UInt32.self, field: field.number)
    }

    public mutating func readFixed64(_ field: WireField) throws -> UInt64 {
        try expect(field, .fixed64)
        return try readFixed(UInt64.self, field: field.number)
    }

    public mutating func readSFixed32(_ field: WireField) throws -> Int32 {
        Int32(bitPattern: try readFixed32(field))
    }

    public mutating func readSFixed64(_ field: WireField) throws -> Int64 {
        Int64(bitPattern: try readFixed64(field))
    }

    public mutating func readFloat(_ field: WireField) throws -> Float {
        Float(bitPattern: try readFixed32(field))
    }

    public mutating func readDouble(_ field: WireField) throws -> Double {
        Double(bitPattern: try readFixed64(field))
    }

    public mutating func readString(_ field: WireField) throws -> String {
        try expect(field, .lengthDelimited)
        let range = try readLengthDelimitedRange(field: field.number)
        guard let string = String(validating: bytes[range], as: UTF8.self) else {
            throw WireDecodingError.invalidUTF8(field: field.number)
        }
        return string
    }

    public mutating func readBytes(_ field: WireField) throws -> [UInt8] {
        try expect(field, .lengthDelimited)
        return Array(bytes[try readLengthDelimitedRange(field: field.number)])
    }

    // MARK: Messages

    /// Decodes a nested message, one level deeper than this reader.
    public mutating func readMessage<M: WireMessage>(_ field: WireField, as type: M.Type = M.self) throws -> M {
        try expect(field, .lengthDelimited)
        let range = try readLengthDelimitedRange(field: field.number)
        guard depth + 1 < maxDepth else { throw WireDecodingError.nestingTooDeep(limit: maxDepth) }
        var nested = WireReader(bytes: bytes, range: range, depth: depth + 1, maxDepth: maxDepth)
        var message = M()
        try nested.decodeFields(into: &message)
        return message
    }

    /// Reads fields until the end of this reader's range, handing each to the message.
    public mutating func decodeFields<M: WireMessage>(into message: inout M) throws {
        while let field = try nextField() {
            try message.decodeField(field, from: &self)
        }
    }

    /// Reads one `map<string, string>` entry and stores it; missing keys or values are empty.
    public mutating func readStringMapEntry(_ field: WireField, into map: inout [String: String]) throws {
        try expect(field, .lengthDelimited)
        let range = try readLengthDelimitedRange(field: field.number)
        var entry = WireReader(bytes: bytes, range: range, depth: depth + 1, maxDepth: maxDepth)
        var key = ""
        var value = ""
        while let entryField = try entry.nextField() {
            switch entryField.number {
            case 1: key = try entry.readString(entryField)
            case 2: value = try entry.readString(entryField)
            default: try entry.skip(entryField)
            }
        }
        map[key] = value
    }

    // MARK: Repeated scalars (packed or not)

    /// Reads one element, or a packed run of varint elements, into `values`.
    public mutating func readRepeatedVarints<T>(
        _ field: WireField, into values: inout [T], decode: (UInt64) -> T
    ) throws {
        if field.wireType == .lengthDelimited {
            let range = try readLengthDelimitedRange(field: field.number)
            var packed = WireReader(bytes: bytes, range: range, depth: depth, maxDepth: maxDepth)
            while !packed.isAtEnd { values.append(decode(try packed.readVarint())) }
            return
        }
        try expect(field, .varint)
        values.append(decode(try readVarint()))
    }

    /// Reads one element, or a packed run of fixed-width elements, into `values`.
    public mutating func readRepeatedFixed<T: FixedWidthInteger, V>(
        _ field: WireField, width: T.Type, into values: inout [V], decode: (T) -> V
    ) throws {
        let elementType: WireType = MemoryLayout<T>.size == 4 ? .fixed32 : .fixed64
        if field.wireType == .lengthDelimited {
            let range = try readLengthDelimitedRange(field: field.number)
            guard range.count % MemoryLayout<T>.size == 0 else {
                throw WireDecodingError.lengthPastEnd(
                    field: field.number, length: UInt64(range.count), remaining: range.count)
            }
            var packed = WireReader(bytes: bytes, range: range, depth: depth, maxDepth: maxDepth)
            while !packed.isAtEnd { values.append(decode(try packed.readFixed(T.self, field: field.number))) }
            return
        }
        try expect(field, elementType)
        values.append(decode(try readFixed(T.self, field: field.number)))
    }

    public mutating func readRepeatedInt32(_ field: WireField, into values: inout [Int32]) throws {
        try readRepeatedVarints(field, into: &values) { Int32(truncatingIfNeeded: $0) }
    }

    public mutating func readRepeatedInt64(_ field: WireField, into values: inout [Int64]) throws {
        try readRepeatedVarints(field, into: &values) { Int64(bitPattern: $0) }
    }

    public mutating func readRepeatedUInt32(_ field: WireField, into values: inout [UInt32]) throws {
        try readRepeatedVarints(field, into: &values) { UInt32(truncatingIfNeeded: $0) }
    }

    public mutating func readRepeatedUInt64(_ field: WireField, into values: inout [UInt64]) throws {
        try readRepeatedVarints(field, into: &values) { $0 }
    }

    public mutating func readRepeatedSInt32(_ field: WireField, into values: inout [Int32]) throws {
        try readRepeatedVarints(field, into: &values) {
            let raw = UInt32(truncatingIfNeeded: $0)
            return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
        }
    }

    public mutating func readRepeatedSInt64(_ field: WireField, into values: inout [Int64]) throws {
        try readRepeatedVarints(field, into: &values) { Int64(bitPattern: ($0 >> 1) ^ (0 &- ($0 & 1))) }
    }

    public mutating func readRepeatedBool(_ field: WireField, into values: inout [Bool]) throws {
        try readRepeatedVarints(field, into: &values) { $0 != 0 }
    }

    public mutating func readRepeatedEnum<E: WireEnum>(_ field: WireField, into values: inout [E]) throws {
        try readRepeatedVarints(field, into: &values) { E(rawValue: Int32(truncatingIfNeeded: $0)) }
    }

    public mutating func readRepeatedFixed32(_ field: WireField, into values: inout [UInt32]) throws {
        try readRepeatedFixed(field, width: UInt32.self, into: &values) { $0 }
    }

    public mutating func readRepeatedFixed64(_ field: WireField, into values: inout [UInt64]) throws {
        try readRepeatedFixed(field, width: UInt64.self, into: &values) { $0 }
    }

    public mutating func readRepeatedFloat(_ field: WireField, into values: inout [Float]) throws {
        try readRepeatedFixed(field, width: UInt32.self, into: &values) { Float(bitPattern: $0) }
    }

    public mutating func readRepeatedDouble(_ field: WireField, into values: inout [Double]) throws {
        try readRepeatedFixed(field, width: UInt64.self, into: &values) { Double(bitPattern: $0) }
    }

    // MARK: Unknown fields

    /// Skips a field the message does not know, checking its encoding as it goes.
    public mutating func skip(_ field: WireField) throws {
        switch field.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed(UInt64.self, field: field.number)
        case .fixed32: _ = try readFixed(UInt32.self, field: field.number)
        case .lengthDelimited: _ = try readLengthDelimitedRange(field: field.number)
        case .startGroup: try skipGroup(field)
        case .endGroup: throw WireDecodingError.unbalancedGroup(field: field.number)
        }
    }

    private mutating func skipGroup(_ start: WireField) throws {
        guard depth + 1 < maxDepth else { throw WireDecodingError.nestingTooDeep(limit: maxDepth) }
        var group = WireReader(bytes: bytes, range: index..<end, depth: depth + 1, maxDepth: maxDepth)
        while let field = try group.nextField() {
            if field.wireType == .endGroup {
                guard field.number == start.number else {
                    throw WireDecodingError.unbalancedGroup(field: field.number)
                }
                index = group.index
                return
            }
            try group.skip(field)
        }
        throw WireDecodingError.unbalancedGroup(field: start.number)
    }
}
