import NIOCore
import Testing
import Wire

@Suite("5-byte message framing")
struct MessageDeframerTests {
    static let messages: [[UInt8]] = [[], [1], Array(0..<200).map { UInt8($0) }, [9, 9, 9]]

    static var stream: [UInt8] {
        var buffer = ByteBuffer()
        for message in messages { MessageFramer.frame(message, into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    private func deframe(_ chunks: [ArraySlice<UInt8>], limit: Int = 4 << 20) throws -> [[UInt8]] {
        var deframer = MessageDeframer(maxMessageSize: limit)
        var out: [[UInt8]] = []
        for chunk in chunks {
            deframer.append(ByteBuffer(bytes: chunk))
            while let message = try deframer.next() { out.append(message) }
        }
        #expect(deframer.bufferedBytes == 0)
        return out
    }

    @Test("every split into two and three pieces yields the same messages")
    func everySplit() throws {
        let bytes = Self.stream
        for first in 0...bytes.count {
            let two = [bytes[..<first], bytes[first...]]
            #expect(try deframe(two) == Self.messages)
            for second in stride(from: first, through: bytes.count, by: 7) {
                let three = [bytes[..<first], bytes[first..<second], bytes[second...]]
                #expect(try deframe(three) == Self.messages)
            }
        }
    }

    @Test("byte at a time yields the same messages")
    func byteAtATime() throws {
        #expect(try deframe(Self.stream.map { [$0][...] }) == Self.messages)
    }

    @Test("an oversized length is refused from the prefix alone, before the body arrives")
    func oversized() {
        var deframer = MessageDeframer(maxMessageSize: 100)
        deframer.append(ByteBuffer(bytes: [0, 0, 0, 0, 101]))
        #expect(throws: MessageDeframer.Failure.messageTooLarge(length: 101, limit: 100)) { try deframer.next() }
        #expect(MessageDeframer.Failure.messageTooLarge(length: 101, limit: 100).status.code == .resourceExhausted)
    }

    @Test("the default limit is 4 MiB")
    func defaultLimit() throws {
        var deframer = MessageDeframer()
        deframer.append(ByteBuffer(bytes: [0, 0, 0x40, 0, 1]))
        #expect(throws: MessageDeframer.Failure.self) { try deframer.next() }
        var exact = MessageDeframer()
        exact.append(ByteBuffer(bytes: [0, 0, 0x40, 0, 0]))
        let pending = try exact.next()
        #expect(pending == nil)
    }

    @Test("a compressed flag without negotiated encoding is refused", arguments: [UInt8(1), 2, 255])
    func compressedFlag(flag: UInt8) {
        var deframer = MessageDeframer()
        deframer.append(ByteBuffer(bytes: [flag, 0, 0, 0, 0]))
        #expect(throws: MessageDeframer.Failure.unsupportedCompressionFlag(flag)) { try deframer.next() }
    }
}
