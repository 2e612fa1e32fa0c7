/// Appends protobuf binary encoding to a byte array.
///
/// The typed `write…(field:_:)` methods follow proto3 rules: a singular scalar at its default
/// (zero, empty, false) is not written. Repeated scalars are written packed.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Primitives

    /// Appends a base-128 varint.
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends a field tag.
    public mutating func writeTag(_ number: Int, _ wireType: WireType) {
        writeVarint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends a little-endian 32-bit value.
    public mutating func writeFixed32Value(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a little-endian 64-bit value.
    public mutating func writeFixed64Value(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Zigzag-encodes a signed 32-bit value.
    public static func zigzag(_ value: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Zigzag-encodes a signed 64-bit value.
    public static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    // MARK: Singular fields (skipped at their default)

    public mutating func writeInt32(field: Int, _ value: Int32) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    public mutating func writeInt64(field: Int, _ value: Int64) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    public mutating func writeUInt32(field: Int, _ value: UInt32) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(UInt64(value))
    }

    public mutating func writeUInt64(field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(value)
    }

    public mutating func writeSInt32(field: Int, _ value: Int32) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(Self.zigzag(value))
    }

    public mutating func writeSInt64(field: Int, _ value: Int64) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        writeVarint(Self.zigzag(value))
    }

    public mutating func writeBool(field: Int, _ value: Bool) {
        guard value else { return }
        writeTag(field, .varint)
        bytes.append(1)
    }

    public mutating func writeEnum<E: WireEnum>(field: Int, _ value: E) {
        writeInt32(field: field, value.rawValue)
    }

    public mutating func writeFixed32(field: Int, _ value: UInt32) {
        guard value != 0 else { return }
        writeTag(field, .fixed32)
        writeFixed32Value(value)
    }

    public mutating func writeFixed64(field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        writeTag(field, .fixed64)
        writeFixed64Value(value)
    }

    public mutating func writeSFixed32(field: Int, _ value: Int32) {
        writeFixed32(field: field, UInt32(bitPattern: value))
    }

    public mutating func writeSFixed64(field: Int, _ value: Int64) {
        writeFixed64(field: field, UInt64(bitPattern: value))
    }

    public mutating func writeFloat(field: Int, _ value: Float) {
        guard value.bitPattern != 0 else { return }
        writeTag(field, .fixed32)
        writeFixed32Value(value.bitPattern)
    }

    public mutating func writeDouble(field: Int, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        writeTag(field, .fixed64)
        writeFixed64Value(value.bitPattern)
    }

    public mutating func writeString(field: Int, _ value: String) {
        guard !value.isEmpty else { return }
        writeLengthDelimited(field: field, value.utf8)
    }

    public mutating func writeBytes(field: Int, _ value: [UInt8]) {
        guard !value.isEmpty else { return }
        writeLengthDelimited(field: field, value)
    }

    /// Writes a nested message field, including an empty one: presence is meaningful for messages.
    public mutating func writeMessage<M: WireMessage>(field: Int, _ message: M) {
        writeTag(field, .lengthDelimited)
        writeNested { message.encode(to: &$0) }
    }

    /// Writes a message-typed `oneof` member or optional field; `nil` writes nothing.
    public mutating func writeMessage<M: WireMessage>(field: Int, _ message: M?) {
        guard let message else { return }
        writeMessage(field: field, message)
    }

    // MARK: Oneof members (written even at their default: the case itself carries meaning)

    public mutating func writeOneofBytes(field: Int, _ value: [UInt8]) {
        writeLengthDelimited(field: field, value)
    }

    public mutating func writeOneofString(field: Int, _ value: String) {
        writeLengthDelimited(field: field, value.utf8)
    }

    // MARK: Repeated fields

    public mutating func writeRepeatedString(field: Int, _ values: [String]) {
        for value in values { writeLengthDelimited(field: field, value.utf8) }
    }

    public mutating func writeRepeatedBytes(field: Int, _ values: [[UInt8]]) {
        for value in values { writeLengthDelimited(field: field, value) }
    }

    public mutating func writeRepeatedMessage<M: WireMessage>(field: Int, _ messages: [M]) {
        for message in messages { writeMessage(field: field, message) }
    }

    /// Writes repeated varint-encoded values packed into one length-delimited field.
    public mutating func writePackedVarints<S: Sequence>(
        field: Int, _ values: S, encode: (S.Element) -> UInt64
    ) {
        var iterator = values.makeIterator()
        guard let first = iterator.next() else { return }
        writeTag(field, .lengthDelimited)
        writeNested { writer in
            writer.writeVarint(encode(first))
            while let value = iterator.next() { writer.writeVarint(encode(value)) }
        }
    }

    public mutating func writePackedInt32(field: Int, _ values: [Int32]) {
        writePackedVarints(field: field, values) { UInt64(bitPattern: Int64($0)) }
    }

    public mutating func writePackedInt64(field: Int, _ values: [Int64]) {
        writePackedVarints(field: field, values) { UInt64(bitPattern: $0) }
    }

    public mutating func writePackedUInt32(field: Int, _ values: [UInt32]) {
        writePackedVarints(field: field, values) { UInt64($0) }
    }

    public mutating func writePackedUInt64(field: Int, _ values: [UInt64]) {
        writePackedVarints(field: field, values) { $0 }
    }

    public mutating func writePackedSInt32(field: Int, _ values: [Int32]) {
        writePackedVarints(field: field, values) { Self.zigzag($0) }
    }

    public mutating func writePackedSInt64(field: Int, _ values: [Int64]) {
        writePackedVarints(field: field, values) { Self.zigzag($0) }
    }

    public mutating func writePackedBool(field: Int, _ values: [Bool]) {
        writePackedVarints(field: field, values) { $0 ? 1 : 0 }
    }

    public mutating func writePackedEnum<E: WireEnum>(field: Int, _ values: [E]) {
        writePackedVarints(field: field, values) { UInt64(bitPattern: Int64($0.rawValue)) }
    }

    public mutating func writePackedFixed32(field: Int, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count * 4))
        for value in values { writeFixed32Value(value) }
    }

    public mutating func writePackedFixed64(field: Int, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count * 8))
        for value in values { writeFixed64Value(value) }
    }

    public mutating func writePackedFloat(field: Int, _ values: [Float]) {
        writePackedFixed32(field: field, values.map(\.bitPattern))
    }

    public mutating func writePackedDouble(field: Int, _ values: [Double]) {
        writePackedFixed64(field: field, values.map(\.bitPattern))
    }

    /// Writes a `map<string, string>` as repeated key/value entry messages, keys sorted so that
    /// the encoding is deterministic.
    public mutating func writeStringMap(field: Int, _ map: [String: String]) {
        for key in map.keys.sorted() {
            writeTag(field, .lengthDelimited)
            writeNested { entry in
                entry.writeString(field: 1, key)
                entry.writeString(field: 2, map[key]!)
            }
        }
    }

    // MARK: Length-delimited helpers

    private mutating func writeLengthDelimited<C: Collection>(field: Int, _ content: C)
    where C.Element == UInt8 {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(content.count))
        bytes.append(contentsOf: content)
    }

    /// Encodes a nested body in place after its length prefix. One byte is reserved for the
    /// length; longer lengths shift the body once, which only happens for bodies of 128+ bytes.
    private mutating func writeNested(_ body: (inout WireWriter) -> Void) {
        let lengthIndex = bytes.count
        bytes.append(0)
        var nested = WireWriter(capacity: 0)
        swap(&nested.bytes, &bytes)
        body(&nested)
        swap(&nested.bytes, &bytes)
        let length = bytes.count - lengthIndex - 1
        if length < 0x80 {
            bytes[lengthIndex] = UInt8(length)
            return
        }
        var prefix = WireWriter(capacity: 10)
        prefix.writeVarint(UInt64(length))
        bytes.replaceSubrange(lengthIndex..<lengthIndex + 1, with: prefix.bytes)
    }
}
