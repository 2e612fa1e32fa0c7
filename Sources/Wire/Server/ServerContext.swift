import NIOConcurrencyHelpers
import NIOCore

/// What a handler knows about the call it serves, and the response metadata it chooses.
///
/// Initial metadata set before the first response message goes out in the response headers;
/// trailing metadata set before the handler returns goes out with the status.
public final class ServerContext: Sendable {
    /// The method being called.
    public let method: MethodDescriptor
    /// The request's custom metadata (reserved and pseudo headers removed).
    public let requestMetadata: Metadata
    /// When the call's `grpc-timeout` expires, if it sent one.
    public let deadline: NIODeadline?
    /// The remote peer's address, for logs.
    public let peer: String

    private let responseMetadata = NIOLockedValueBox((initial: Metadata(), trailing: Metadata()))

    init(method: MethodDescriptor, requestMetadata: Metadata, deadline: NIODeadline?, peer: String) {
        self.method = method
        self.requestMetadata = requestMetadata
        self.deadline = deadline
        self.peer = peer
    }

    /// Adds metadata to the response headers. Ignored once the first message has been sent.
    public func addInitialMetadata(_ key: String, _ value: String) {
        responseMetadata.withLockedValue { $0.initial.add(key, value) }
    }

    /// Adds metadata to the trailers sent with the status.
    public func addTrailingMetadata(_ key: String, _ value: String) {
        responseMetadata.withLockedValue { $0.trailing.add(key, value) }
    }

    /// Adds binary metadata (key ending in `-bin`) to the trailers sent with the status.
    public func addTrailingMetadata(_ key: String, binary value: [UInt8]) {
        responseMetadata.withLockedValue { $0.trailing.add(key, binary: value) }
    }

    var initialMetadata: Metadata { responseMetadata.withLockedValue { $0.initial } }
    var trailingMetadata: Metadata { responseMetadata.withLockedValue { $0.trailing } }
}
