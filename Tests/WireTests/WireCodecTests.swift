import Testing
import Wire

@Suite("Protobuf wire codec")
struct WireCodecTests {
    static var full: ScalarTestMessage {
        var message = ScalarTestMessage()
        message.int32 = -5
        message.int64 = Int64.min
        message.uint32 = UInt32.max
        message.uint64 = UInt64.max
        message.sint32 = Int32.min
        message.sint64 = -1
        message.fixed32 = 0xDEAD_BEEF
        message.fixed64 = 0x0123_4567_89AB_CDEF
        message.sfixed32 = -2
        message.sfixed64 = Int64.min + 1
        message.float = 1.5
        message.double = -0.125
        message.bool = true
        message.string = "héllo \u{1F600}"
        message.bytes = [0, 1, 255]
        message.color = .green
        message.nested = .init(value: 42, child: [.init(value: -1, child: [])])
        message.packedInt32 = [1, -1, 300]
        message.packedSInt64 = [-2, 2, Int64.max]
        message.packedFixed32 = [1, 2]
        message.packedDouble = [0.5, 1e300]
        message.packedColors = [.red, .unrecognized(99)]
        message.strings = ["a", "", "c"]
        message.map = ["k": "v", "empty": ""]
        message.choice = .nested(.init(value: 7, child: []))
        return message
    }

    @Test("every field shape round-trips")
    func roundTrip() throws {
        let message = Self.full
        #expect(try ScalarTestMessage(wireBytes: message.wireBytes()) == message)
    }

    @Test("defaults encode to nothing; a oneof member at its default is still written")
    func proto3Defaults() throws {
        #expect(ScalarTestMessage().wireBytes().isEmpty)
        var message = ScalarTestMessage()
        message.choice = .text("")
        #expect(message.wireBytes() == [0xCA, 0x01, 0])
        #expect(try ScalarTestMessage(wireBytes: message.wireBytes()).choice == .text(""))
    }

    @Test("known encodings: varint 300, zigzag -1, negative int32 as ten bytes")
    func knownBytes() {
        var writer = WireWriter()
        writer.writeInt32(field: 1, 300)
        #expect(writer.bytes == [0x08, 0xAC, 0x02])
        writer = WireWriter()
        writer.writeSInt32(field: 1, -1)
        #expect(writer.bytes == [0x08, 0x01])
        writer = WireWriter()
        writer.writeInt32(field: 1, -1)
        #expect(writer.bytes == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test("nested messages of 128 bytes and more get multi-byte length prefixes")
    func longNestedLength() throws {
        var message = ScalarTestMessage()
        message.nested = .init(value: 1, child: Array(repeating: .init(value: 123_456_789, child: []), count: 100))
        #expect(try ScalarTestMessage(wireBytes: message.wireBytes()) == message)
    }

    @Test("unpacked repeated scalars are accepted too")
    func unpackedRepeated() throws {
        var writer = WireWriter()
        writer.writeTag(18, .varint)
        writer.writeVarint(7)
        writer.writeTag(18, .varint)
        writer.writeVarint(8)
        #expect(try ScalarTestMessage(wireBytes: writer.bytes).packedInt32 == [7, 8])
    }

    @Test("unknown fields of every wire type are skipped")
    func unknownFieldsSkipped() throws {
        var writer = WireWriter()
        writer.writeTag(100, .varint)
        writer.writeVarint(1)
        writer.writeTag(101, .fixed64)
        writer.writeFixed64Value(1)
        writer.writeTag(102, .lengthDelimited)
        writer.writeVarint(2)
        writer.writeVarint(0x7F)
        writer.writeVarint(0x7F)
        writer.writeTag(103, .fixed32)
        writer.writeFixed32Value(1)
        writer.writeTag(104, .startGroup)
        writer.writeTag(1, .varint)
        writer.writeVarint(5)
        writer.writeTag(104, .endGroup)
        writer.writeInt32(field: 1, 9)
        #expect(try ScalarTestMessage(wireBytes: writer.bytes).int32 == 9)
    }

    @Test("malformed input throws the error that names it", arguments: MalformedCase.all)
    func malformedInput(_ testCase: MalformedCase) {
        #expect(throws: testCase.expected) { try ScalarTestMessage(wireBytes: testCase.bytes) }
    }

    @Test("nesting beyond the depth limit throws")
    func nestingTooDeep() {
        var nested = ScalarTestMessage.Nested(value: 1, child: [])
        for _ in 0..<20 { nested = .init(value: 1, child: [nested]) }
        var message = ScalarTestMessage()
        message.nested = nested
        #expect(throws: WireDecodingError.nestingTooDeep(limit: 10)) {
            try ScalarTestMessage(wireBytes: message.wireBytes(), maxDepth: 10)
        }
        #expect(throws: Never.self) { try ScalarTestMessage(wireBytes: message.wireBytes()) }
    }

    @Test("a huge declared length is refused before any allocation")
    func hugeLengthRefused() {
        // Field 15 (bytes) claiming 2^62 bytes.
        var writer = WireWriter()
        writer.writeTag(15, .lengthDelimited)
        writer.writeVarint(1 << 62)
        #expect(throws: WireDecodingError.lengthPastEnd(field: 15, length: 1 << 62, remaining: 0)) {
            try ScalarTestMessage(wireBytes: writer.bytes)
        }
    }
}

/// One class of malformed input and the error it must produce.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expected: WireDecodingError

    var testDescription: String { name }

    static let all: [MalformedCase] = [
        MalformedCase(name: "truncated varint", bytes: [0x08, 0x80], expected: .truncatedVarint(offset: 1)),
        MalformedCase(
            name: "varint over ten bytes", bytes: [0x08] + Array(repeating: 0xFF, count: 11),
            expected: .malformedVarint(offset: 1)),
        MalformedCase(
            name: "length past the end", bytes: [14 << 3 | 2, 5, 0x61],
            expected: .lengthPastEnd(field: 14, length: 5, remaining: 1)),
        MalformedCase(
            name: "wrong wire type", bytes: [14 << 3 | 0, 1],
            expected: .wrongWireType(field: 14, expected: .lengthDelimited, actual: .varint)),
        MalformedCase(name: "invalid UTF-8 in a string", bytes: [14 << 3 | 2, 2, 0xC3, 0x28], expected: .invalidUTF8(field: 14)),
        MalformedCase(name: "field number zero", bytes: [0x00, 0x01], expected: .invalidTag(offset: 0, tag: 0)),
        MalformedCase(name: "wire type 7", bytes: [0x0F, 0x01], expected: .invalidTag(offset: 0, tag: 15)),
        MalformedCase(
            name: "truncated fixed64", bytes: [8 << 3 | 1, 1, 2],
            expected: .lengthPastEnd(field: 8, length: 8, remaining: 2)),
        // Tags of unknown field 100: 0xA3 0x06 starts a group, 0xA4 0x06 ends one.
        MalformedCase(name: "unterminated group", bytes: [0xA3, 0x06, 0x08, 0x01], expected: .unbalancedGroup(field: 100)),
        MalformedCase(name: "stray end group", bytes: [0xA4, 0x06], expected: .unbalancedGroup(field: 100)),
        MalformedCase(
            name: "truncated nested message", bytes: [0x8A, 0x01, 4, 0x08],
            expected: .lengthPastEnd(field: 17, length: 4, remaining: 1)),
    ]
}
