import NIOCore

/// Writes gRPC's length-prefixed message framing.
///
/// Each message on an HTTP/2 stream is one byte of compressed flag (always 0 here: this
/// implementation negotiates no compression), a 4-byte big-endian length, then the message.
public enum MessageFramer {
    /// The size of the prefix before every message.
    public static let prefixSize = 5

    /// Appends one framed message to `buffer`.
    public static func frame(_ message: [UInt8], into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: prefixSize + message.count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(message.count))
        buffer.writeBytes(message)
    }
}
