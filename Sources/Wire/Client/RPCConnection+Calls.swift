/// Typed calls: requests encoded and responses decoded with the Wire codec. A non-OK status is
/// thrown as an `RPCError` carrying the code, message and trailing metadata.
extension RPCConnection {
    /// Calls a unary method.
    public func unary<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor, _ request: Request, options: CallOptions = .defaults,
        as responseType: Response.Type = Response.self
    ) async throws -> Response {
        try await unaryWithMetadata(method, request, options: options, as: responseType).response
    }

    /// Calls a unary method and returns the response with its initial and trailing metadata.
    public func unaryWithMetadata<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor, _ request: Request, options: CallOptions = .defaults,
        as responseType: Response.Type = Response.self
    ) async throws -> (response: Response, initialMetadata: Metadata, trailingMetadata: Metadata) {
        let call = try await makeCall(path: method.path, options: options)
        return try await call.withCancellation {
            try await call.send(request.wireBytes())
            call.finishSending()
            let response = try await Self.single(call.responses, as: Response.self)
            let initial = try await call.initialMetadata()
            let (_, trailing) = try await call.status()
            return (response, initial, trailing)
        }
    }

    /// Calls a server-streaming method; `body` receives the typed responses.
    public func serverStreaming<Request: WireMessage, Response: WireMessage, Result: Sendable>(
        _ method: MethodDescriptor, _ request: Request, options: CallOptions = .defaults,
        as responseType: Response.Type = Response.self,
        _ body: (ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let call = try await makeCall(path: method.path, options: options)
        return try await call.withCancellation {
            try await call.send(request.wireBytes())
            call.finishSending()
            return try await body(ResponseStream(messages: call.responses))
        }
    }

    /// Calls a client-streaming method; `body` sends the requests, then the response is returned.
    public func clientStreaming<Request: WireMessage, Response: WireMessage>(
        _ method: MethodDescriptor, options: CallOptions = .defaults,
        as responseType: Response.Type = Response.self,
        _ body: (RequestWriter<Request>) async throws -> Void
    ) async throws -> Response {
        let call = try await makeCall(path: method.path, options: options)
        return try await call.withCancellation {
            try await body(RequestWriter(call: call))
            call.finishSending()
            return try await Self.single(call.responses, as: Response.self)
        }
    }

    /// Calls a bidirectional-streaming method; `body` gets a writer and the response stream.
    public func bidirectionalStreaming<Request: WireMessage, Response: WireMessage, Result: Sendable>(
        _ method: MethodDescriptor, options: CallOptions = .defaults,
        as responseType: Response.Type = Response.self,
        _ body: (RequestWriter<Request>, ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let call = try await makeCall(path: method.path, options: options)
        return try await call.withCancellation {
            try await body(RequestWriter(call: call), ResponseStream(messages: call.responses))
        }
    }

    private static func single<Response: WireMessage>(
        _ messages: MessageSequence, as type: Response.Type
    ) async throws -> Response {
        var iterator = messages.makeAsyncIterator()
        guard let bytes = try await iterator.next() else {
            throw RPCError(code: .unimplemented, message: "expected one response message, got none")
        }
        let response = try Response(receivedBytes: bytes)
        while try await iterator.next() != nil {}
        return response
    }

}

/// Sends a client-streaming call's typed requests; `send` suspends while the server is not reading.
public struct RequestWriter<Message: WireMessage>: Sendable {
    let call: ClientCall

    public func send(_ message: Message) async throws {
        try await call.send(message.wireBytes())
    }

    /// Half-closes the request side early (bidirectional calls).
    public func finish() {
        call.finishSending()
    }
}

/// A call's typed responses; iteration throws the call's `RPCError` if it ends with a non-OK status.
public typealias ResponseStream<Message: WireMessage> = DecodedMessages<Message>
