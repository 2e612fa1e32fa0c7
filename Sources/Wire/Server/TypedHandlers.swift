/// Typed handler registration: requests decoded and responses encoded with the Wire codec.
///
/// A request that fails to decode ends the call with INTERNAL, as gRPC libraries answer.
extension RPCRouter {
    /// Registers a unary method.
    public mutating func registerUnary<Request: WireMessage, Response: WireMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        register(descriptor) { requests, responses, context in
            let request: Request = try await Self.single(requests)
            try await responses.write(try await handler(request, context).wireBytes())
        }
    }

    /// Registers a server-streaming method.
    public mutating func registerServerStreaming<Request: WireMessage, Response: WireMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (Request, ResponseStreamWriter<Response>, ServerContext) async throws -> Void
    ) {
        register(descriptor) { requests, responses, context in
            let request: Request = try await Self.single(requests)
            try await handler(request, ResponseStreamWriter(writer: responses), context)
        }
    }

    /// Registers a client-streaming method.
    public mutating func registerClientStreaming<Request: WireMessage, Response: WireMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (RequestStream<Request>, ServerContext) async throws -> Response
    ) {
        register(descriptor) { requests, responses, context in
            let response = try await handler(RequestStream(messages: requests), context)
            try await responses.write(response.wireBytes())
        }
    }

    /// Registers a bidirectional-streaming method.
    public mutating func registerBidirectionalStreaming<Request: WireMessage, Response: WireMessage>(
        _ descriptor: MethodDescriptor,
        _ handler: @escaping @Sendable (RequestStream<Request>, ResponseStreamWriter<Response>, ServerContext) async throws -> Void
    ) {
        register(descriptor) { requests, responses, context in
            try await handler(RequestStream(messages: requests), ResponseStreamWriter(writer: responses), context)
        }
    }

    private static func single<Request: WireMessage>(_ requests: MessageSequence) async throws -> Request {
        var iterator = requests.makeAsyncIterator()
        guard let bytes = try await iterator.next() else {
            throw RPCError(code: .unimplemented, message: "expected one request message, got none")
        }
        return try Request(receivedBytes: bytes)
    }
}

/// A handler's view of the request messages of a streaming call, decoded.
public typealias RequestStream<Message: WireMessage> = DecodedMessages<Message>

/// Sends a streaming handler's typed responses; `send` suspends while the client is not reading.
public struct ResponseStreamWriter<Message: WireMessage>: Sendable {
    let writer: ResponseWriter

    public func send(_ message: Message) async throws {
        try await writer.write(message.wireBytes())
    }
}
