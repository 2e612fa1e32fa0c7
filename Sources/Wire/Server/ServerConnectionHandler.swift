import CNGHTTP2
import Logging
import NIOCore

/// Asks a server connection to drain: GOAWAY, let in-flight calls finish, then close.
public struct GracefulShutdownEvent: Sendable {
    public init() {}
}

/// The server side of one HTTP/2 connection: feeds nghttp2, routes calls, writes its output.
///
/// Input is fed with `mem_recv`; output is drained with `mem_send` after each read and once per
/// event-loop tick after handlers produce data, coalesced into one write. Output stops while the
/// channel is not writable, which in turn stalls handlers' writes: nothing buffers without bound.
final class ServerConnectionHandler: ChannelInboundHandler, NGHTTP2SessionDelegate {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let router: RPCRouter
    let configuration: ServerConfiguration
    let eventLoop: any EventLoop
    /// Where handler tasks run when `runsHandlersOnEventLoop` is set.
    let handlerExecutor: (any TaskExecutor)?
    private let logger: Logger
    private(set) var session: NGHTTP2Session!
    private var context: ChannelHandlerContext?
    private var streams: [Int32: ServerStream] = [:]
    private var streamsWithSpace: [ServerStream] = []
    private var flushScheduled = false
    private var isDraining = false
    private(set) var peerDescription = "unknown"

    init(router: RPCRouter, configuration: ServerConfiguration, eventLoop: any EventLoop, logger: Logger) {
        self.router = router
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.handlerExecutor = configuration.runsHandlersOnEventLoop ? EventLoopTaskExecutor(eventLoop: eventLoop) : nil
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peerDescription = context.channel.remoteAddress?.description ?? "unknown"
        do {
            session = try NGHTTP2Session(role: .server, options: .init(), delegate: self)
            try session.submitSettings([
                (NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, UInt32(configuration.maxConcurrentStreams)),
                (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, UInt32(configuration.streamWindowSize)),
                (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, UInt32(configuration.maxHeaderListSize)),
                (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
            ])
            session.setConnectionWindow(Int32(configuration.connectionWindowSize))
            if !session.appliedAbuseLimits {
                logger.warning("installed nghttp2 lacks the rapid-reset and CONTINUATION limits")
            }
        } catch {
            logger.error("could not start HTTP/2 session", metadata: ["error": "\(error)"])
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
            logger.debug("closing connection after protocol error", metadata: ["error": "\(error)", "peer": "\(peerDescription)"])
            flush()
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
        let open = streams
        streams = [:]
        for stream in open.values { stream.closed(errorCode: NGHTTP2_CANCEL.rawValue) }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is GracefulShutdownEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        beginGracefulShutdown()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)", "peer": "\(peerDescription)"])
        context.close(promise: nil)
    }

    // MARK: Output

    /// Drains nghttp2 on the next tick, so that writes from many handlers share one syscall.
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
            logger.debug("HTTP/2 output failed", metadata: ["error": "\(error)"])
            context.close(promise: nil)
            return
        }
        let ready = streamsWithSpace
        streamsWithSpace = []
        for stream in ready { stream.releaseSpaceWaiters() }
        if !session.wantsRead && !session.wantsWrite {
            context.close(promise: nil)
        } else if isDraining && streams.isEmpty {
            context.close(promise: nil)
        }
    }

    func streamHasSpace(_ stream: ServerStream) {
        streamsWithSpace.append(stream)
    }

    // MARK: Graceful shutdown

    private func beginGracefulShutdown() {
        guard !isDraining else { return }
        isDraining = true
        session.submitShutdownNotice()
        flush()
        // One round trip later, name the last stream that will be served.
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.scheduleTask(in: .milliseconds(100)) {
            let session = handler.value.session!
            session.submitGoAway(lastStreamID: session.lastProcessedStreamID, errorCode: NGHTTP2_NO_ERROR)
            handler.value.flush()
        }
        eventLoop.scheduleTask(in: configuration.shutdownGracePeriod) {
            handler.value.context?.close(promise: nil)
        }
    }

    // MARK: NGHTTP2SessionDelegate

    func sessionDidBeginHeaders(streamID: Int32, category: nghttp2_headers_category) -> Bool {
        if category == NGHTTP2_HCAT_REQUEST {
            streams[streamID] = ServerStream(
                id: streamID, connection: self, maxMessageSize: configuration.maxReceiveMessageSize)
        }
        return true
    }

    func sessionDidReceiveHeader(streamID: Int32, name: String, value: String) -> Bool {
        guard let stream = streams[streamID] else { return true }
        if stream.route == nil {
            return stream.head.add(name: name, value: value, limit: configuration.maxHeaderListSize)
        }
        return true
    }

    func sessionDidReceiveHeaders(streamID: Int32, category: nghttp2_headers_category, endStream: Bool) {
        guard let stream = streams[streamID] else { return }
        if category == NGHTTP2_HCAT_REQUEST {
            stream.requestHeadersReceived(endStream: endStream)
        } else if endStream {
            stream.requestEnded()
        }
    }

    func sessionDidReceiveData(streamID: Int32, bytes: UnsafeRawBufferPointer) {
        guard let stream = streams[streamID] else {
            session.consumeConnection(bytes: bytes.count)
            return
        }
        stream.dataReceived(bytes)
    }

    func sessionDidReceiveEndOfData(streamID: Int32) {
        streams[streamID]?.requestEnded()
    }

    func sessionDidCloseStream(streamID: Int32, errorCode: UInt32) {
        streams.removeValue(forKey: streamID)?.closed(errorCode: errorCode)
    }

    func sessionDidReceiveGoAway(lastStreamID: Int32, errorCode: UInt32) {}

    func sessionReadData(streamID: Int32, into buffer: UnsafeMutableRawBufferPointer) -> DataReadResult {
        guard let stream = streams[streamID] else { return .deferred }
        return stream.readData(into: buffer)
    }
}
