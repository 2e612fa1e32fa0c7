/// How many messages each side of an RPC sends.
public enum RPCKind: Sendable {
    case unary
    case clientStreaming
    case serverStreaming
    case bidirectionalStreaming

    /// Whether the client sends exactly one message.
    public var hasSingleRequest: Bool { self == .unary || self == .serverStreaming }
}

/// Names one RPC method: its fully qualified service, its method name and its kind.
public struct MethodDescriptor: Sendable, Hashable {
    /// The fully qualified service, `package.Service`.
    public var service: String
    public var method: String
    public var kind: RPCKind

    public init(service: String, method: String, kind: RPCKind) {
        self.service = service
        self.method = method
        self.kind = kind
    }

    /// The HTTP/2 `:path`, `/package.Service/Method`.
    public var path: String { "/\(service)/\(method)" }
}
