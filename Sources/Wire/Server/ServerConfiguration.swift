import NIOCore

/// Limits and tuning for an `RPCServer`.
public struct ServerConfiguration: Sendable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS advertised to every client.
    public var maxConcurrentStreams: Int
    /// Largest request header list, counted as name + value + 32 per field; larger requests are
    /// reset. Advertised as SETTINGS_MAX_HEADER_LIST_SIZE and enforced field by field.
    public var maxHeaderListSize: Int
    /// Largest request message accepted; larger ones end the call with RESOURCE_EXHAUSTED.
    public var maxReceiveMessageSize: Int
    /// Per-stream receive window: how far a client may send ahead of a handler that reads slowly.
    public var streamWindowSize: Int
    /// Connection receive window.
    public var connectionWindowSize: Int
    /// Response bytes buffered per stream before a handler's `write` suspends.
    public var responseBufferLimit: Int
    /// How long in-flight calls may run after a graceful shutdown begins.
    public var shutdownGracePeriod: TimeAmount
    /// Whether handler tasks prefer their connection's event loop as executor. Cheaper (no thread
    /// switch per write), but a handler that blocks then stalls every call on its connection.
    public var runsHandlersOnEventLoop: Bool

    /// 1,000 concurrent streams, 16 KiB of headers, 4 MiB messages, 1 MiB stream window,
    /// 16 MiB connection window, 64 KiB response buffer, 10 s shutdown grace, handlers on the
    /// event loop.
    public static var defaults: ServerConfiguration {
        ServerConfiguration(
            maxConcurrentStreams: 1000,
            maxHeaderListSize: 16 * 1024,
            maxReceiveMessageSize: 4 * 1024 * 1024,
            streamWindowSize: 1024 * 1024,
            connectionWindowSize: 16 * 1024 * 1024,
            responseBufferLimit: 64 * 1024,
            shutdownGracePeriod: .seconds(10),
            runsHandlersOnEventLoop: true)
    }
}
