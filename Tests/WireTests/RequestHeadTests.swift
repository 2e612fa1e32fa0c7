import Testing
@testable import Wire

@Suite("Request header checks")
struct RequestHeadTests {
    static let method = MethodDescriptor(service: "test.Service", method: "Call", kind: .unary)

    static var router: RPCRouter {
        var router = RPCRouter()
        router.register(method) { _, _, _ in }
        return router
    }

    private func head(_ fields: [(String, String)]) -> RequestHead {
        var head = RequestHead()
        for (name, value) in fields { _ = head.add(name: name, value: value, limit: 16 * 1024) }
        return head
    }

    static let valid = [
        (":method", "POST"), (":path", "/test.Service/Call"), ("content-type", "application/grpc"), ("te", "trailers"),
    ]

    @Test("a valid request is routed, with its deadline and metadata")
    func valid() throws {
        let request = head(Self.valid + [("grpc-timeout", "5S"), ("x-user", "a"), ("grpc-accept-encoding", "gzip")])
        let accepted = try request.validate(router: Self.router).get()
        #expect(accepted.route.descriptor == Self.method)
        #expect(accepted.timeoutNanoseconds == 5_000_000_000)
        #expect(request.metadata["x-user"] == "a")
        #expect(request.metadata["grpc-accept-encoding"] == nil)
    }

    @Test("+proto content types are accepted")
    func protoSuffix() {
        var fields = Self.valid
        fields[2] = ("content-type", "application/grpc+proto")
        #expect(throws: Never.self) { try head(fields).validate(router: Self.router).get() }
    }

    private func rejection(_ fields: [(String, String)]) -> RequestHead.Rejection? {
        if case .failure(let rejection) = head(fields).validate(router: Self.router) { return rejection }
        return nil
    }

    @Test("a foreign content type gets HTTP 415")
    func foreignContentType() {
        var fields = Self.valid
        fields[2] = ("content-type", "application/json")
        #expect(rejection(fields)?.httpStatus == 415)
    }

    @Test("missing te: trailers, a GET, an unknown encoding and a bad timeout are refused")
    func refused() {
        #expect(rejection(Array(Self.valid.dropLast()))?.error.code == .invalidArgument)
        var get = Self.valid
        get[0] = (":method", "GET")
        #expect(rejection(get)?.error.code == .invalidArgument)
        #expect(rejection(Self.valid + [("grpc-encoding", "gzip")])?.error.code == .unimplemented)
        #expect(rejection(Self.valid + [("grpc-encoding", "gzip")])?.error.metadata["grpc-accept-encoding"] == "identity")
        #expect(rejection(Self.valid + [("grpc-timeout", "soon")])?.error.code == .internalError)
    }

    @Test("unknown methods and services are UNIMPLEMENTED with distinct messages")
    func unknownRoutes() {
        var method = Self.valid
        method[1] = (":path", "/test.Service/Other")
        #expect(rejection(method)?.error.message.contains("method Other") == true)
        var service = Self.valid
        service[1] = (":path", "/other.Service/Call")
        #expect(rejection(service)?.error.message == "unknown service other.Service")
    }

    @Test("the header list is limited by name + value + 32 per field")
    func headerListLimit() {
        var request = RequestHead()
        let first = request.add(name: "x-a", value: String(repeating: "v", count: 100), limit: 135)
        let second = request.add(name: "x-b", value: "", limit: 135)
        #expect(first)
        #expect(!second)
    }
}
