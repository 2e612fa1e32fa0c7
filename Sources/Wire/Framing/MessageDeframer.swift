import NIOCore

/// Splits a byte stream into gRPC length-prefixed messages, across any split of the input.
///
/// The declared length is checked against `maxMessageSize` as soon as the 5-byte prefix is
/// complete, before the body is buffered, so an oversized message costs no memory. A compressed
/// flag is refused because no message encoding is ever negotiated.
public struct MessageDeframer: Sendable {
    /// Why the byte stream cannot be deframed. Both end the RPC.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A message declared more bytes than the receive limit.
        case messageTooLarge(length: UInt32, limit: Int)
        /// The compressed flag was set but no `grpc-encoding` was negotiated, or it was not 0 or 1.
        case unsupportedCompressionFlag(UInt8)

        public var description: String {
            switch self {
            case .messageTooLarge(let length, let limit):
                return "message of \(length) bytes exceeds the limit of \(limit) bytes"
            case .unsupportedCompressionFlag(let flag):
                return "compressed flag \(flag) set but no message encoding was negotiated"
            }
        }

        /// The gRPC status the failure is answered with.
        public var status: RPCStatus {
            switch self {
            case .messageTooLarge:
                return RPCStatus(code: .resourceExhausted, message: description)
            case .unsupportedCompressionFlag:
                return RPCStatus(code: .internalError, message: description)
            }
        }
    }

    /// The largest message accepted, in bytes.
    public let maxMessageSize: Int
    private var buffer: ByteBuffer
    private var pendingLength: Int?

    /// - Parameter maxMessageSize: the receive limit; gRPC's default is 4 MiB.
    public init(maxMessageSize: Int = 4 * 1024 * 1024) {
        self.maxMessageSize = maxMessageSize
        self.buffer = ByteBuffer()
    }

    /// Bytes received but not yet returned as messages, counting a consumed prefix: the wire
    /// size received so far of the message in progress (plus any bytes after it).
    public var bufferedBytes: Int {
        buffer.readableBytes + (pendingLength == nil ? 0 : MessageFramer.prefixSize)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        if buffer.readableBytes == 0 {
            buffer.clear()
        }
        buffer.writeBuffer(&bytes)
    }

    /// Adds received bytes from raw memory.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if buffer.readableBytes == 0 {
            buffer.clear()
        }
        buffer.writeBytes(bytes)
    }

    /// Returns the next complete message, or nil when more bytes are needed.
    public mutating func next() throws(Failure) -> [UInt8]? {
        if pendingLength == nil {
            guard buffer.readableBytes >= MessageFramer.prefixSize,
                let flag = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
                let length = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)
            else { return nil }
            guard flag == 0 else { throw .unsupportedCompressionFlag(flag) }
            guard Int(length) <= maxMessageSize else {
                throw .messageTooLarge(length: length, limit: maxMessageSize)
            }
            buffer.moveReaderIndex(forwardBy: MessageFramer.prefixSize)
            pendingLength = Int(length)
        }
        guard let length = pendingLength, let message = buffer.readBytes(length: length) else {
            return nil
        }
        pendingLength = nil
        if buffer.readableBytes == 0 {
            buffer.clear()
        } else if buffer.readerIndex > 64 * 1024 {
            buffer.discardReadBytes()
        }
        return message
    }
}
