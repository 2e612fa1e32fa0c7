import CNGHTTP2
import NIOCore

/// An nghttp2 session (server or client role) fed and drained through memory, never a socket.
///
/// Owned by one connection handler and used only on its event loop. The C callbacks recover this
/// object from nghttp2's user-data pointer (unretained: the session never outlives `self`) and
/// forward to the delegate.
final class NGHTTP2Session {
    /// Which end of the connection this session plays.
    enum Role {
        case server
        case client
    }

    /// nghttp2 refused an operation; the connection cannot continue.
    struct Failure: Error, CustomStringConvertible {
        let code: Int
        let operation: String
        var description: String {
            "\(operation) failed: \(String(cString: nghttp2_strerror(Int32(code)))) (\(code))"
        }
    }

    /// Limits nghttp2 enforces for us.
    struct Options {
        /// RST_STREAM token bucket against rapid reset (nghttp2's defaults: 1000 burst, 33/s).
        var resetBurst: UInt64 = 1000
        var resetRatePerSecond: UInt64 = 33
        /// CONTINUATION frames allowed per header block.
        var maxContinuations = 8
        /// Stream-level backpressure: WINDOW_UPDATE only after `consume`.
        var manualWindowUpdates = true
    }

    private let session: OpaquePointer
    unowned let delegate: any NGHTTP2SessionDelegate
    /// Whether the backported rapid-reset and CONTINUATION limits were available and applied.
    private(set) var appliedAbuseLimits = false

    init(role: Role, options: Options, delegate: any NGHTTP2SessionDelegate) throws {
        self.delegate = delegate
        var callbacks: OpaquePointer?
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        Self.install(callbacks!)

        var option: OpaquePointer?
        nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_no_auto_window_update(option, options.manualWindowUpdates ? 1 : 0)
        nghttp2_option_set_no_closed_streams(option, 1)
        let resetLimit = cnghttp2_option_set_stream_reset_rate_limit(
            option, options.resetBurst, options.resetRatePerSecond)
        let continuationLimit = cnghttp2_option_set_max_continuations(option, options.maxContinuations)
        var created: OpaquePointer?
        // The user-data pointer is patched in below, once `self` is fully initialised.
        let rv: Int32
        switch role {
        case .server: rv = nghttp2_session_server_new2(&created, callbacks, nil, option)
        case .client: rv = nghttp2_session_client_new2(&created, callbacks, nil, option)
        }
        guard rv == 0, let created else { throw Failure(code: Int(rv), operation: "session_new") }
        session = created
        appliedAbuseLimits = resetLimit == 1 && continuationLimit == 1
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        nghttp2_session_del(session)
    }

    // MARK: Feeding and draining

    /// Feeds received bytes. Throws when the peer broke the protocol; the connection must close.
    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let rv = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if rv < 0 { throw Failure(code: rv, operation: "mem_recv") }
    }

    /// Moves pending output into `buffer`, stopping after about `limit` bytes.
    /// - Returns: true when nghttp2 may have more to send.
    func send(into buffer: inout ByteBuffer, limit: Int) throws -> Bool {
        var written = 0
        while written < limit {
            var data: UnsafePointer<UInt8>?
            let count = nghttp2_session_mem_send(session, &data)
            if count < 0 { throw Failure(code: count, operation: "mem_send") }
            if count == 0 { return false }
            buffer.writeBytes(UnsafeRawBufferPointer(start: data, count: count))
            written += count
        }
        return true
    }

    /// Drains output into the channel while it is writable, in writes of up to 64 KiB.
    /// - Returns: whether anything was written (and flushed).
    @discardableResult
    func flush(to context: ChannelHandlerContext) throws -> Bool {
        var wrote = false
        while context.channel.isWritable {
            var buffer = context.channel.allocator.buffer(capacity: 16 * 1024)
            let more = try send(into: &buffer, limit: 64 * 1024)
            if buffer.readableBytes > 0 {
                context.write(NIOAny(buffer), promise: nil)
                wrote = true
            }
            if !more { break }
        }
        if wrote { context.flush() }
        return wrote
    }

    var wantsRead: Bool { nghttp2_session_want_read(session) != 0 }
    var wantsWrite: Bool { nghttp2_session_want_write(session) != 0 }
    var lastProcessedStreamID: Int32 { nghttp2_session_get_last_proc_stream_id(session) }

    // MARK: Submitting frames

    func submitSettings(_ settings: [(nghttp2_settings_id, UInt32)]) throws {
        let entries = settings.map { nghttp2_settings_entry(settings_id: Int32($0.0.rawValue), value: $0.1) }
        let rv = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries, entries.count)
        if rv != 0 { throw Failure(code: Int(rv), operation: "submit_settings") }
    }

    /// Raises the connection-level receive window above the protocol's 65,535 default.
    func setConnectionWindow(_ size: Int32) {
        nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, size)
    }

    /// Submits response headers; with `hasBody` the body is pulled through `sessionReadData`.
    func submitResponse(streamID: Int32, headers: HeaderFields, hasBody: Bool) -> Bool {
        headers.withNameValuePairs { pairs, count in
            if hasBody {
                var provider = Self.dataProvider
                return nghttp2_submit_response(session, streamID, pairs, count, &provider) == 0
            }
            return nghttp2_submit_response(session, streamID, pairs, count, nil) == 0
        }
    }

    /// Submits a request with a streamed body; returns the new stream's ID, or nil on failure.
    func submitRequest(headers: HeaderFields) -> Int32? {
        headers.withNameValuePairs { pairs, count in
            var provider = Self.dataProvider
            let streamID = nghttp2_submit_request(session, nil, pairs, count, &provider, nil)
            return streamID > 0 ? streamID : nil
        }
    }

    /// Submits trailers, which end the stream.
    func submitTrailers(streamID: Int32, headers: HeaderFields) {
        _ = headers.withNameValuePairs { pairs, count in
            nghttp2_submit_trailer(session, streamID, pairs, count)
        }
    }

    func resetStream(_ streamID: Int32, errorCode: nghttp2_error_code) {
        nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode.rawValue)
    }

    func resumeData(_ streamID: Int32) {
        nghttp2_session_resume_data(session, streamID)
    }

    /// Returns stream-level flow-control credit for bytes the application has taken.
    func consumeStream(_ streamID: Int32, bytes: Int) {
        guard bytes > 0 else { return }
        nghttp2_session_consume_stream(session, streamID, bytes)
    }

    /// Returns connection-level flow-control credit. Connection credit is returned on arrival so
    /// that one slow stream cannot stall the others; each stream's own window bounds its buffer.
    func consumeConnection(bytes: Int) {
        guard bytes > 0 else { return }
        nghttp2_session_consume_connection(session, bytes)
    }

    func submitShutdownNotice() {
        nghttp2_submit_shutdown_notice(session)
    }

    func submitGoAway(lastStreamID: Int32, errorCode: nghttp2_error_code) {
        nghttp2_submit_goaway(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID, errorCode.rawValue, nil, 0)
    }

    func submitPing() {
        nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
    }

    // MARK: C callbacks

    private static let dataProvider = nghttp2_data_provider(
        source: nghttp2_data_source(ptr: nil),
        read_callback: { _, streamID, buffer, length, flags, _, userData in
            let session = NGHTTP2Session.from(userData)
            let target = UnsafeMutableRawBufferPointer(start: buffer, count: length)
            switch session.delegate.sessionReadData(streamID: streamID, into: target) {
            case .bytes(let count):
                return count
            case .endWithTrailers(let count):
                flags!.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                return count
            case .endStream(let count):
                flags!.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
                return count
            case .deferred:
                return Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
        })

    private static func from(_ userData: UnsafeMutableRawPointer?) -> NGHTTP2Session {
        Unmanaged<NGHTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
    }

    private static let resetStream = Int32(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)

    private static func install(_ callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, userData in
            let frame = frame!.pointee
            guard frame.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
            let accepted = NGHTTP2Session.from(userData).delegate.sessionDidBeginHeaders(
                streamID: frame.hd.stream_id, category: frame.headers.cat)
            return accepted ? 0 : NGHTTP2Session.resetStream
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) {
            _, frame, name, nameLength, value, valueLength, _, userData in
            let nameText = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
            let valueText = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
            let accepted = NGHTTP2Session.from(userData).delegate.sessionDidReceiveHeader(
                streamID: frame!.pointee.hd.stream_id, name: nameText, value: valueText)
            return accepted ? 0 : NGHTTP2Session.resetStream
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, userData in
            let frame = frame!.pointee
            let delegate = NGHTTP2Session.from(userData).delegate
            let endStream = frame.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
            switch UInt32(frame.hd.type) {
            case NGHTTP2_HEADERS.rawValue:
                delegate.sessionDidReceiveHeaders(
                    streamID: frame.hd.stream_id, category: frame.headers.cat, endStream: endStream)
            case NGHTTP2_DATA.rawValue where endStream:
                delegate.sessionDidReceiveEndOfData(streamID: frame.hd.stream_id)
            case NGHTTP2_GOAWAY.rawValue:
                delegate.sessionDidReceiveGoAway(
                    lastStreamID: frame.goaway.last_stream_id, errorCode: frame.goaway.error_code)
            default:
                break
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) {
            _, _, streamID, data, length, userData in
            NGHTTP2Session.from(userData).delegate.sessionDidReceiveData(
                streamID: streamID, bytes: UnsafeRawBufferPointer(start: data, count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) {
            _, streamID, errorCode, userData in
            NGHTTP2Session.from(userData).delegate.sessionDidCloseStream(streamID: streamID, errorCode: errorCode)
            return 0
        }
    }
}
