import CNGHTTP2
import NIOCore

/// One call's state on the server side of a connection.
///
/// Confined to the connection's event loop: every property and method is touched only there
/// (handler tasks reach it through `eventLoop` hops), which is why it may be shared across tasks.
final class ServerStream: @unchecked Sendable {
    private enum ResponseState {
        /// Nothing sent yet.
        case idle
        /// Response headers submitted; messages flow.
        case streaming
        /// Status submitted (as trailers or a trailers-only response).
        case finished
    }

    let id: Int32
    let eventLoop: any EventLoop
    private unowned let connection: ServerConnectionHandler
    var head = RequestHead()
    private(set) var route: RPCRouter.Route?
    private var context: ServerContext?
    private var deframer: MessageDeframer
    private var flowControl: StreamFlowControl
    private var singleRequest: [UInt8]?
    private var inbound: InboundMessageQueue?
    private var task: Task<Void, Never>?
    private var deadlineTimer: Scheduled<Void>?
    private var responseState = ResponseState.idle
    private var outbound: OutboundMessageBuffer
    private var pendingTrailers: HeaderFields?
    private(set) var isClosed = false

    init(id: Int32, connection: ServerConnectionHandler, maxMessageSize: Int) {
        self.id = id
        self.connection = connection
        self.eventLoop = connection.eventLoop
        self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
        self.flowControl = StreamFlowControl(windowSize: connection.configuration.streamWindowSize)
        self.outbound = OutboundMessageBuffer(limit: connection.configuration.responseBufferLimit)
    }

    private var session: NGHTTP2Session { connection.session }

    // MARK: Request side

    /// The request headers are complete: validate, then start the handler or answer at once.
    func requestHeadersReceived(endStream: Bool) {
        switch head.validate(router: connection.router) {
        case .failure(let rejection):
            respondImmediately(rejection)
        case .success(let accepted):
            route = accepted.route
            let deadline = accepted.timeoutNanoseconds.map { NIODeadline.now() + .nanoseconds($0) }
            context = ServerContext(
                method: accepted.route.descriptor, requestMetadata: head.metadata, deadline: deadline,
                peer: connection.peerDescription)
            if let timeout = accepted.timeoutNanoseconds {
                deadlineTimer = eventLoop.scheduleTask(in: .nanoseconds(timeout)) { [self] in
                    deadlineExpired()
                }
            }
            if !accepted.route.descriptor.kind.hasSingleRequest {
                let queue = InboundMessageQueue { [self] in
                    eventLoop.execute { self.messageTaken() }
                }
                inbound = queue
                start(requests: MessageSequence(queue: queue))
            }
            if endStream { requestEnded() }
        }
    }

    /// Bytes of a DATA frame.
    func dataReceived(_ bytes: UnsafeRawBufferPointer) {
        connection.session.consumeConnection(bytes: bytes.count)
        guard route != nil, responseState != .finished else {
            session.consumeStream(id, bytes: bytes.count)
            return
        }
        guard inbound != nil else {
            // One request message: bounded by the size limit and the cardinality check.
            session.consumeStream(id, bytes: bytes.count)
            deframe(bytes)
            return
        }
        let completed = deframe(bytes)
        session.consumeStream(
            id,
            bytes: flowControl.received(
                bytes: bytes.count, completedMessages: completed, pendingBytes: deframer.bufferedBytes))
    }

    /// Feeds the deframer and delivers complete messages; returns their wire sizes.
    @discardableResult
    private func deframe(_ bytes: UnsafeRawBufferPointer) -> [Int] {
        deframer.append(bytes)
        var completed: [Int] = []
        do {
            while let message = try deframer.next() {
                completed.append(message.count + MessageFramer.prefixSize)
                deliver(message)
            }
        } catch {
            fail(error.status)
        }
        return completed
    }

    private func deliver(_ message: [UInt8]) {
        if let inbound {
            inbound.push(message)
        } else if singleRequest == nil {
            singleRequest = message
        } else {
            fail(RPCStatus(code: .unimplemented, message: "\(route!.descriptor.method) expects exactly one request message, got more"))
        }
    }

    private func messageTaken() {
        guard !isClosed else { return }
        session.consumeStream(id, bytes: flowControl.taken())
        connection.scheduleFlush()
    }

    /// The client half-closed its side.
    func requestEnded() {
        guard let route, responseState != .finished else { return }
        if let inbound {
            inbound.finish()
            return
        }
        guard let request = singleRequest else {
            fail(RPCStatus(code: .unimplemented, message: "\(route.descriptor.method) expects exactly one request message, got none"))
            return
        }
        singleRequest = nil
        let queue = InboundMessageQueue {}
        queue.push(request)
        queue.finish()
        start(requests: MessageSequence(queue: queue))
    }

    private func start(requests: MessageSequence) {
        guard let route, let context else { return }
        let writer = ResponseWriter(stream: self)
        task = Task(executorPreference: connection.handlerExecutor) {
            let status: RPCStatus
            var trailers = Metadata()
            do {
                try await route.handler(requests, writer, context)
                status = .ok
                trailers = context.trailingMetadata
            } catch let error as RPCError {
                status = error.status
                trailers = context.trailingMetadata
                for (key, value) in error.metadata { trailers.append(key, value) }
            } catch is CancellationError {
                status = RPCStatus(code: .cancelled, message: "the handler was cancelled")
            } catch {
                status = RPCStatus(code: .unknown, message: "handler error: \(error)")
            }
            let finalTrailers = trailers
            if self.eventLoop.inEventLoop {
                self.finish(status: status, trailers: finalTrailers)
            } else {
                self.eventLoop.execute { self.finish(status: status, trailers: finalTrailers) }
            }
        }
    }

    // MARK: Response side

    /// Queues one response message; the future completes when there is room for the next.
    func enqueue(_ message: [UInt8]) -> EventLoopFuture<Void> {
        guard !isClosed, responseState != .finished else {
            return eventLoop.makeFailedFuture(RPCError(code: .cancelled, message: "the call has ended"))
        }
        if responseState == .idle {
            responseState = .streaming
            var headers = Self.responseHeaders
            headers.add(context?.initialMetadata ?? Metadata())
            guard session.submitResponse(streamID: id, headers: headers, hasBody: true) else {
                return eventLoop.makeFailedFuture(RPCError(code: .internalError, message: "could not submit response"))
            }
        }
        let room = outbound.append(message, eventLoop: eventLoop)
        resumeIfDeferred()
        connection.scheduleFlush()
        return room
    }

    /// Ends the call with a status; later calls are ignored.
    func finish(status: RPCStatus, trailers: Metadata) {
        guard !isClosed, responseState != .finished else { return }
        deadlineTimer?.cancel()
        var fields = HeaderFields()
        if responseState == .idle {
            fields.add(":status", "200")
            fields.add("content-type", "application/grpc")
            fields.add(context?.initialMetadata ?? Metadata())
            Self.addStatus(status, trailers: trailers, to: &fields)
            responseState = .finished
            _ = session.submitResponse(streamID: id, headers: fields, hasBody: false)
        } else {
            Self.addStatus(status, trailers: trailers, to: &fields)
            responseState = .finished
            pendingTrailers = fields
            resumeIfDeferred()
        }
        inbound?.finish(.failure(RPCError(code: .cancelled, message: "the call has ended")))
        session.consumeStream(id, bytes: flowControl.releaseAll())
        connection.scheduleFlush()
    }

    private func fail(_ status: RPCStatus) {
        task?.cancel()
        finish(status: status, trailers: Metadata())
    }

    private func respondImmediately(_ rejection: RequestHead.Rejection) {
        var fields = HeaderFields()
        fields.add(":status", String(rejection.httpStatus))
        fields.add("content-type", "application/grpc")
        Self.addStatus(rejection.error.status, trailers: rejection.error.metadata, to: &fields)
        responseState = .finished
        _ = session.submitResponse(streamID: id, headers: fields, hasBody: false)
    }

    private func deadlineExpired() {
        guard !isClosed, responseState != .finished else { return }
        let timeout = head.timeout ?? ""
        fail(RPCStatus(code: .deadlineExceeded, message: "deadline of \(timeout) exceeded"))
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
        if outbound.isEmpty, let trailers = pendingTrailers {
            pendingTrailers = nil
            session.submitTrailers(streamID: id, headers: trailers)
            return .endWithTrailers(count)
        }
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

    /// The stream is gone: cancel the handler if the call had not ended.
    func closed(errorCode: UInt32) {
        isClosed = true
        deadlineTimer?.cancel()
        let cancelled = RPCError(code: .cancelled, message: "the client cancelled the call (HTTP/2 error \(errorCode))")
        if responseState != .finished {
            task?.cancel()
        }
        inbound?.finish(.failure(cancelled))
        for waiter in outbound.takeWaiters() { waiter.fail(cancelled) }
    }

    // MARK: Header blocks

    private static let responseHeaders = HeaderFields([(":status", "200"), ("content-type", "application/grpc")])

    private static func addStatus(_ status: RPCStatus, trailers: Metadata, to fields: inout HeaderFields) {
        fields.add("grpc-status", String(status.code.rawValue))
        if !status.message.isEmpty {
            fields.add("grpc-message", StatusMessageEncoding.encode(status.message))
        }
        fields.add(trailers)
    }
}
