import Foundation

/// gRPC metadata: an ordered list of header fields with lower-case keys.
///
/// Keys ending in `-bin` carry binary values, which travel base64-encoded (sent unpadded,
/// accepted padded or not, comma-joined duplicates split).
public struct Metadata: Sendable, Equatable, Sequence {
    /// One metadata value, text or binary.
    public enum Value: Sendable, Equatable {
        case string(String)
        case binary([UInt8])
    }

    private var entries: [(key: String, value: Value)]

    public init() {
        entries = []
    }

    public init(_ pairs: [(String, String)]) {
        entries = pairs.map { (key: $0.0.lowercased(), value: .string($0.1)) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Adds a text value. The key is lower-cased.
    public mutating func add(_ key: String, _ value: String) {
        entries.append((key: key.lowercased(), value: .string(value)))
    }

    /// Adds a binary value; the key should end in `-bin`.
    public mutating func add(_ key: String, binary value: [UInt8]) {
        entries.append((key: key.lowercased(), value: .binary(value)))
    }

    /// Adds a value of either kind.
    public mutating func append(_ key: String, _ value: Value) {
        entries.append((key: key.lowercased(), value: value))
    }

    /// The first text value for a key.
    public subscript(key: String) -> String? {
        let key = key.lowercased()
        for entry in entries where entry.key == key {
            if case .string(let value) = entry.value { return value }
        }
        return nil
    }

    /// Every binary value for a key.
    public func binaryValues(_ key: String) -> [[UInt8]] {
        let key = key.lowercased()
        return entries.compactMap { entry in
            guard entry.key == key, case .binary(let value) = entry.value else { return nil }
            return value
        }
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        entries.makeIterator()
    }

    public static func == (lhs: Metadata, rhs: Metadata) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    // MARK: Header fields

    /// Whether a header name is reserved by HTTP/2 or gRPC and so is not user metadata.
    public static func isReserved(_ name: String) -> Bool {
        name.hasPrefix(":") || name.hasPrefix("grpc-") || name == "content-type" || name == "te"
            || name == "user-agent" || name == "content-length"
    }

    /// Adds a received header field, decoding `-bin` values. Invalid base64 is dropped.
    public mutating func appendHeaderField(name: String, value: String) {
        guard name.hasSuffix("-bin") else {
            entries.append((key: name, value: .string(value)))
            return
        }
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
            if let decoded = Self.decodeBase64(part.trimmingCharacters(in: .whitespaces)) {
                entries.append((key: name, value: .binary(decoded)))
            }
        }
    }

    /// The metadata as header fields, binary values base64-encoded without padding.
    public var headerFields: [(name: String, value: String)] {
        entries.map { entry in
            switch entry.value {
            case .string(let value):
                return (name: entry.key, value: value)
            case .binary(let bytes):
                let encoded = Data(bytes).base64EncodedString()
                return (name: entry.key, value: String(encoded.prefix { $0 != "=" }))
            }
        }
    }

    static func decodeBase64(_ text: String) -> [UInt8]? {
        var padded = text
        let remainder = padded.utf8.count % 4
        if remainder != 0 { padded += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: padded).map { Array($0) }
    }
}
