/// Per-call settings for a client call.
public struct CallOptions: Sendable {
    /// How long the call may take; sent as `grpc-timeout` and enforced locally. nil: no deadline.
    public var timeout: Duration?
    /// Custom metadata sent with the request headers.
    public var metadata: Metadata

    public init(timeout: Duration? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }

    public static var defaults: CallOptions { CallOptions() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
