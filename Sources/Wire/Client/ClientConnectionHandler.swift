import CNGHTTP2
import Logging
import NIOCore

/// The client side of one HTTP/2 connection: opens streams for calls, feeds and drains nghttp2.
final class ClientConnectionHandler: ChannelInboundHandler, NGHTTP2SessionDelegate {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let configuration: ClientConfiguration
    let eventLoop: any EventLoop
    let authority: String
    private(set) var session: NGHTTP2Session!
    private var context: ChannelHandlerContext?
    private var streams: [Int32: ClientStream] = [:]
    private var streamsWithSpace: [ClientStream] = []
    private var flushScheduled = false
    /// Set once the server sent GOAWAY or the connection failed: no new calls go here.
    private(set) var isUnusable = false

    init(configuration: ClientConfiguration, eventLoop: any EventLoop, authority: String) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.authority = authority
    }

    /// Opens a stream for a call, or returns the status explaining why it cannot be opened.
    func openStream(path: String, options: CallOptions) -> Result<ClientStream, RPCError> {
        guard !isUnusable, context != nil else {
            return .failure(RPCError(code: .unavailable, message: "the connection is closing"))
        }
        let stream = ClientStream(connection: self, maxMessageSize: configuration.maxReceiveMessageSize)
        guard stream.open(path: path, authority: authority, options: options) else {
            return .failure(RPCError(code: .unavailable, message: "could not open a stream"))
        }
        streams[stream.id] = stream
        scheduleFlush()
        return .success(stream)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        do {
            session = try NGHTTP2Session(role: .client, options: .init(), delegate: self)
            try session.submitSettings([
                (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
                (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, UInt32(configuration.streamWindowSize)),
            ])
            session.setConnectionWindow(Int32(configuration.connectionWindowSize))
        } catch {
            isUnusable = true
            context.close(promise: nil)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        flush()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try session.receive($0) }
        } catch {
            isUnusable = true
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flush() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isUnusable = true
        let open = streams
        streams = [:]
        for stream in open.values { stream.closed(errorCode: UInt32.max) }
        self.context = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        isUnusable = true
        context.close(promise: nil)
    }

    // MARK: Output

    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute {
            handler.value.flushScheduled = false
            handler.value.flush()
        }
    }

    private func flush() {
        guard let context, let session else { return }
        do {
            try session.flush(to: context)
        } catch {
            isUnusable = true
            context.close(promise: nil)
            return
        }
        let ready = streamsWithSpace
        streamsWithSpace = []
        for stream in ready { stream.releaseSpaceWaiters() }
        if !session.wantsRead && !session.wantsWrite {
            context.close(promise: nil)
        }
    }

    func streamHasSpace(_ stream: ClientStream) {
        streamsWithSpace.append(stream)
    }

    // MARK: NGHTTP2SessionDelegate

    func sessionDidBeginHeaders(streamID: Int32, category: nghttp2_headers_category) -> Bool {
        true
    }

    func sessionDidReceiveHeader(streamID: Int32, name: String, value: String) -> Bool {
        streams[streamID]?.headerReceived(name: name, value: value)
        return true
    }

    func sessionDidReceiveHeaders(streamID: Int32, category: nghttp2_headers_category, endStream: Bool) {
        streams[streamID]?.headersReceived(endStream: endStream)
    }

    func sessionDidReceiveData(streamID: Int32, bytes: UnsafeRawBufferPointer) {
        guard let stream = streams[streamID] else {
            session.consumeConnection(bytes: bytes.count)
            return
        }
        stream.dataReceived(bytes)
    }

    func sessionDidReceiveEndOfData(streamID: Int32) {
        streams[streamID]?.headersReceived(endStream: true)
    }

    func sessionDidCloseStream(streamID: Int32, errorCode: UInt32) {
        streams.removeValue(forKey: streamID)?.closed(errorCode: errorCode)
    }

    func sessionDidReceiveGoAway(lastStreamID: Int32, errorCode: UInt32) {
        isUnusable = true
    }

    func sessionReadData(streamID: Int32, into buffer: UnsafeMutableRawBufferPointer) -> DataReadResult {
        guard let stream = streams[streamID] else { return .deferred }
        return stream.readData(into: buffer)
    }
}
