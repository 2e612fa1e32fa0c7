import CNGHTTP2
import NIOCore

/// One call's state on the client side of a connection.
///
/// Confined to the connection's event loop, like `ServerStream`; `ClientCall` reaches it through
/// event-loop hops.
final class ClientStream: @unchecked Sendable {
    let eventLoop: any EventLoop
    private unowned let connection: ClientConnectionHandler
    private(set) var id: Int32 = 0
    private var head = ResponseHead()
    private var receivedHeaders = false
    private var deframer: MessageDeframer
    private var flowControl: StreamFlowControl
    let responses: InboundMessageQueue
    let initialMetadata: EventLoopPromise<Metadata>
    let outcome: EventLoopPromise<(RPCStatus, Metadata)>
    private var outbound: OutboundMessageBuffer
    private var endRequested = false
    private var deadlineTimer: Scheduled<Void>?
    private var localStatus: RPCStatus?
    private var sentInitialMetadata = false
    /// The call's final status and trailers, once known.
    private var finalStatus: (RPCStatus, Metadata)?
    private(set) var isClosed = false

    init(connection: ClientConnectionHandler, maxMessageSize: Int) {
        self.connection = connection
        self.eventLoop = connection.eventLoop
        self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
        self.flowControl = StreamFlowControl(windowSize: connection.configuration.streamWindowSize)
        self.outbound = OutboundMessageBuffer(limit: connection.configuration.requestBufferLimit)
        self.initialMetadata = connection.eventLoop.makePromise()
        self.outcome = connection.eventLoop.makePromise()
        let loop = connection.eventLoop
        let reference = WeakReference()
        self.responses = InboundMessageQueue {
            loop.execute { reference.stream?.messageTaken() }
        }
        reference.stream = self
    }

    /// Lets the response queue reach its stream without keeping it alive.
    private final class WeakReference: @unchecked Sendable {
        weak var stream: ClientStream?
    }

    private var session: NGHTTP2Session { connection.session }

    /// Submits the request headers; returns false if nghttp2 refused them.
    func open(path: String, authority: String, options: CallOptions) -> Bool {
        var fields = HeaderFields()
        fields.add(":method", "POST")
        fields.add(":scheme", "http")
        fields.add(":path", path)
        fields.add(":authority", authority)
        if let timeout = options.timeout {
            fields.add("grpc-timeout", GRPCTimeout.format(nanoseconds: timeout.nanoseconds))
        }
        fields.add("content-type", "application/grpc")
        fields.add("te", "trailers")
        fields.add("user-agent", "upmon-swift/1")
        fields.add(options.metadata)
        guard let id = session.submitRequest(headers: fields) else { return false }
        self.id = id
        if let timeout = options.timeout {
            deadlineTimer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { [self] in
                cancel(RPCStatus(code: .deadlineExceeded, message: "deadline of \(timeout) exceeded"))
            }
        }
        return true
    }

    // MARK: Sending

    func enqueue(_ message: [UInt8]) -> EventLoopFuture<Void> {
        if let (status, metadata) = finalStatus {
            // The server already ended the call: its status explains why nothing more is sent.
            return eventLoop.makeFailedFuture(RPCError(status: status, metadata: metadata))
        }
        guard !isClosed, !endRequested else {
            return eventLoop.makeFailedFuture(
                RPCError(status: localStatus ?? RPCStatus(code: .cancelled, message: "the call has ended")))
        }
        let room = outbound.append(message, eventLoop: eventLoop)
        resumeIfDeferred()
        connection.scheduleFlush()
        return room
    }

    func finishSending() {
        guard !isClosed, !endRequested else { return }
        endRequested = true
        resumeIfDeferred()
        connection.scheduleFlush()
    }

    /// Ends the call locally: RST_STREAM(CANCEL), and `status` for the caller.
    func cancel(_ status: RPCStatus) {
        guard !isClosed else { return }
        localStatus = status
        session.resetStream(id, errorCode: NGHTTP2_CANCEL)
        connection.scheduleFlush()
    }

    private func resumeIfDeferred() {
        if outbound.isDeferred {
            outbound.isDeferred = false
            session.resumeData(id)
        }
    }

    /// nghttp2 pulls DATA for this stream (called inside `mem_send`).
    func readData(into buffer: UnsafeMutableRawBufferPointer) -> DataReadResult {
        let (count, hasRoom) = outbound.read(into: buffer)
        if hasRoom { connection.streamHasSpace(self) }
        if outbound.isEmpty, endRequested { return .endStream(count) }
        if count == 0 {
            outbound.isDeferred = true
            return .deferred
        }
        return .bytes(count)
    }

    /// Completes writes that were waiting for buffer space (outside nghttp2 callbacks).
    func releaseSpaceWaiters() {
        for waiter in outbound.takeWaiters() { waiter.succeed() }
    }

    // MARK: Receiving

    func headerReceived(name: String, value: String) {
        head.add(name: name, value: value)
    }

    func headersReceived(endStream: Bool) {
        if !receivedHeaders {
            receivedHeaders = true
            sentInitialMetadata = true
            initialMetadata.succeed(head.metadata)
            if !endStream {
                if let status = head.status, head.grpcStatus == nil {
                    cancel(status)
                }
                head = ResponseHead()
                return
            }
        }
        if endStream { complete(with: head.status ?? RPCStatus(code: .internalError, message: "trailers without grpc-status"), metadata: head.metadata) }
    }

    func dataReceived(_ bytes: UnsafeRawBufferPointer) {
        session.consumeConnection(bytes: bytes.count)
        deframer.append(bytes)
        var completed: [Int] = []
        do {
            while let message = try deframer.next() {
                completed.append(message.count + MessageFramer.prefixSize)
                responses.push(message)
            }
        } catch {
            cancel(error.status)
        }
        session.consumeStream(
            id,
            bytes: flowControl.received(
                bytes: bytes.count, completedMessages: completed, pendingBytes: deframer.bufferedBytes))
    }

    private func messageTaken() {
        guard !isClosed else { return }
        session.consumeStream(id, bytes: flowControl.taken())
        connection.scheduleFlush()
    }

    private func complete(with status: RPCStatus, metadata: Metadata) {
        guard finalStatus == nil else { return }
        finalStatus = (status, metadata)
        deadlineTimer?.cancel()
        if !sentInitialMetadata {
            sentInitialMetadata = true
            initialMetadata.succeed(Metadata())
        }
        outcome.succeed((status, metadata))
        if status.code == .ok {
            responses.finish()
        } else {
            responses.finish(.failure(RPCError(status: status, metadata: metadata)))
        }
    }

    /// The stream is gone. A status not yet known is derived from the reset code.
    func closed(errorCode: UInt32) {
        isClosed = true
        let status: RPCStatus
        if let localStatus {
            status = localStatus
        } else {
            switch errorCode {
            case NGHTTP2_NO_ERROR.rawValue:
                status = RPCStatus(code: .internalError, message: "stream closed without a status")
            case NGHTTP2_REFUSED_STREAM.rawValue:
                status = RPCStatus(code: .unavailable, message: "the server refused the stream")
            case NGHTTP2_CANCEL.rawValue:
                status = RPCStatus(code: .cancelled, message: "the server cancelled the call")
            case NGHTTP2_ENHANCE_YOUR_CALM.rawValue:
                status = RPCStatus(code: .resourceExhausted, message: "the server asked to enhance your calm")
            case NGHTTP2_INADEQUATE_SECURITY.rawValue:
                status = RPCStatus(code: .permissionDenied, message: "inadequate security")
            case UInt32.max:
                status = RPCStatus(code: .unavailable, message: "the connection closed")
            default:
                status = RPCStatus(code: .internalError, message: "stream reset with HTTP/2 error \(errorCode)")
            }
        }
        complete(with: status, metadata: Metadata())
        for waiter in outbound.takeWaiters() { waiter.fail(RPCError(status: status)) }
    }
}
