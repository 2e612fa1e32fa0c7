/// Limits and tuning for an `RPCConnection`.
public struct ClientConfiguration: Sendable {
    /// Largest response message accepted; larger ones fail the call with RESOURCE_EXHAUSTED.
    public var maxReceiveMessageSize: Int
    /// Per-stream receive window: how far a server may send ahead of a slow reader.
    public var streamWindowSize: Int
    /// Connection receive window.
    public var connectionWindowSize: Int
    /// Request bytes buffered per call before `send` suspends.
    public var requestBufferLimit: Int

    /// 4 MiB messages, 1 MiB stream window, 16 MiB connection window, 64 KiB request buffer.
    public static var defaults: ClientConfiguration {
        ClientConfiguration(
            maxReceiveMessageSize: 4 * 1024 * 1024,
            streamWindowSize: 1024 * 1024,
            connectionWindowSize: 16 * 1024 * 1024,
            requestBufferLimit: 64 * 1024)
    }
}
