import NIOConcurrencyHelpers
import Wire

/// The Swift implementation of `interop.v1.TestService`, registered by tests on an `RPCServer`.
///
/// Records handler cancellations so tests can prove that a client reset or a deadline cancelled
/// the handler's task.
public final class InteropTestService: Sendable {
    private let cancellations = NIOLockedValueBox<[String]>([])
    private let cancelledEvents: AsyncStream<String>
    private let cancelledContinuation: AsyncStream<String>.Continuation

    public init() {
        (cancelledEvents, cancelledContinuation) = AsyncStream.makeStream(of: String.self)
    }

    /// Method names of handlers that saw their task cancelled, in order, as they happen.
    public var cancelledHandlers: AsyncStream<String> { cancelledEvents }

    private func recordCancellation(_ method: String) {
        cancellations.withLockedValue { $0.append(method) }
        cancelledContinuation.yield(method)
    }

    /// Sleeps up to `milliseconds`, recording a cancellation if the task is cancelled first.
    private func sleep(milliseconds: Int32, method: String) async throws {
        do {
            try await Task.sleep(for: .milliseconds(Int(milliseconds)))
        } catch {
            recordCancellation(method)
            throw error
        }
    }

    public func register(into router: inout RPCRouter) {
        router.registerUnary(TestServiceMethods.emptyCall) { (_: SimpleRequest, _) in SimpleResponse() }
        router.registerUnary(TestServiceMethods.unaryCall) { [self] (request: SimpleRequest, context) in
            if let echo = context.requestMetadata["x-grpc-test-echo-initial"] {
                context.addInitialMetadata("x-grpc-test-echo-initial", echo)
            }
            for value in context.requestMetadata.binaryValues("x-grpc-test-echo-trailing-bin") {
                context.addTrailingMetadata("x-grpc-test-echo-trailing-bin", binary: value)
            }
            if request.sleepMs > 0 { try await sleep(milliseconds: request.sleepMs, method: "UnaryCall") }
            if let status = request.responseStatus, status.code != 0 {
                throw RPCError(
                    code: RPCStatus.Code(rawValue: Int(status.code)) ?? .unknown, message: status.message)
            }
            return SimpleResponse(payload: request.responseSize > 0 ? Payload(body: Array(repeating: 0, count: Int(request.responseSize))) : nil)
        }
        router.registerClientStreaming(TestServiceMethods.streamingInputCall) {
            [self] (requests: RequestStream<Payload>, _) in
            var total = 0
            do {
                for try await payload in requests { total += payload.body.count }
            } catch {
                recordCancellation("StreamingInputCall")
                throw error
            }
            return StreamingInputCallResponse(aggregatedPayloadSize: Int32(total))
        }
        router.registerServerStreaming(TestServiceMethods.streamingOutputCall) {
            [self] (request: StreamingOutputCallRequest, writer: ResponseStreamWriter<SimpleResponse>, _) in
            if request.sleepMs > 0 { try await sleep(milliseconds: request.sleepMs, method: "StreamingOutputCall") }
            do {
                for size in request.responseSizes {
                    try await writer.send(SimpleResponse(payload: Payload(body: Array(repeating: 0, count: Int(size)))))
                }
                let repeated = SimpleResponse(payload: Payload(body: Array(repeating: 0, count: Int(request.repeatSize))))
                for _ in 0..<request.repeatCount { try await writer.send(repeated) }
            } catch {
                recordCancellation("StreamingOutputCall")
                throw error
            }
        }
        router.registerBidirectionalStreaming(TestServiceMethods.fullDuplexCall) {
            (requests: RequestStream<SimpleRequest>, writer: ResponseStreamWriter<SimpleResponse>, _) in
            for try await request in requests {
                try await writer.send(SimpleResponse(payload: Payload(body: Array(repeating: 0, count: Int(request.responseSize)))))
            }
        }
    }
}
