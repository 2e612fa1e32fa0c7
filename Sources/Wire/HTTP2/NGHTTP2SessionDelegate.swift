import CNGHTTP2

/// What an `NGHTTP2Session` reports back while it processes frames.
///
/// Every method runs on the connection's event loop, inside `nghttp2_session_mem_recv` or
/// `nghttp2_session_mem_send`. Implementations may submit frames but must not feed or drain the
/// session from here: nghttp2 is not re-entrant.
protocol NGHTTP2SessionDelegate: AnyObject {
    /// A HEADERS block begins on a stream. Return false to reset the stream.
    func sessionDidBeginHeaders(streamID: Int32, category: nghttp2_headers_category) -> Bool
    /// One header field. Return false to reset the stream (for example, headers over the limit).
    func sessionDidReceiveHeader(streamID: Int32, name: String, value: String) -> Bool
    /// A complete HEADERS block (request, response or trailers) arrived.
    func sessionDidReceiveHeaders(streamID: Int32, category: nghttp2_headers_category, endStream: Bool)
    /// A DATA frame's payload (or part of it) arrived.
    func sessionDidReceiveData(streamID: Int32, bytes: UnsafeRawBufferPointer)
    /// The peer half-closed the stream with a DATA frame.
    func sessionDidReceiveEndOfData(streamID: Int32)
    /// The stream closed; `errorCode` is the HTTP/2 error code (0 for a clean close).
    func sessionDidCloseStream(streamID: Int32, errorCode: UInt32)
    /// The peer sent GOAWAY.
    func sessionDidReceiveGoAway(lastStreamID: Int32, errorCode: UInt32)
    /// nghttp2 asks for up to `buffer.count` bytes of DATA for a stream.
    func sessionReadData(streamID: Int32, into buffer: UnsafeMutableRawBufferPointer) -> DataReadResult
}

/// The answer to `sessionReadData`.
enum DataReadResult {
    /// Copied this many bytes; more may follow.
    case bytes(Int)
    /// Copied this many bytes and the body is done; trailers have been submitted.
    case endWithTrailers(Int)
    /// Copied this many bytes and the body is done; the DATA frame ends the stream.
    case endStream(Int)
    /// Nothing to send now; call `resumeData` when there is.
    case deferred
}
