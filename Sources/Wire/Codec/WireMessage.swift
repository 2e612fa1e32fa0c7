/// A message that encodes and decodes itself in the protobuf binary wire format.
///
/// Conformers write their non-default fields in `encode(to:)` and take one field at a time in
/// `decodeField(_:from:)`, skipping numbers they do not know with `WireReader.skip(_:)`.
public protocol WireMessage: Sendable, Equatable {
    /// A message with every field at its default.
    init()
    /// Appends the message's fields to `writer`.
    func encode(to writer: inout WireWriter)
    /// Decodes one field whose tag has already been read.
    mutating func decodeField(_ field: WireField, from reader: inout WireReader) throws
}

extension WireMessage {
    /// Decodes a message from its serialized bytes.
    /// - Parameters:
    ///   - bytes: the serialized message.
    ///   - maxDepth: how deeply messages may nest before decoding fails.
    /// - Throws: `WireDecodingError` naming what was malformed.
    public init(wireBytes bytes: [UInt8], maxDepth: Int = WireReader.defaultMaxDepth) throws {
        var reader = WireReader(bytes: bytes, maxDepth: maxDepth)
        self.init()
        try reader.decodeFields(into: &self)
    }

    /// Decodes a message received in an RPC; failure is the INTERNAL status gRPC libraries answer.
    public init(receivedBytes bytes: [UInt8]) throws(RPCError) {
        do {
            try self.init(wireBytes: bytes)
        } catch {
            throw RPCError(code: .internalError, message: "could not decode \(Self.self): \(error)")
        }
    }

    /// The message in protobuf binary encoding.
    public func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

/// A protobuf enum: an `Int32` on the wire, keeping values it does not know (proto3 open enums).
public protocol WireEnum: Sendable, Hashable {
    /// The value with number 0.
    init()
    /// The enum's number on the wire.
    var rawValue: Int32 { get }
    /// The case for a number, or an `unrecognized` case holding it.
    init(rawValue: Int32)
}
