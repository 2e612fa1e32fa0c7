import NIOCore

/// The request headers of one call as they arrive, and the checks gRPC requires of them.
///
/// A plain value: fed one field at a time, then judged by `validate(router:)`.
struct RequestHead {
    var method: String?
    var path: String?
    var contentType: String?
    var te: String?
    var timeout: String?
    var encoding: String?
    var metadata = Metadata()
    /// Header-list size counted like SETTINGS_MAX_HEADER_LIST_SIZE: name + value + 32 per field.
    private(set) var size = 0

    /// Adds one field. Returns false once the header list exceeds `limit` bytes.
    mutating func add(name: String, value: String, limit: Int) -> Bool {
        size += name.utf8.count + value.utf8.count + 32
        guard size <= limit else { return false }
        switch name {
        case ":method": method = value
        case ":path": path = value
        case "content-type": contentType = value
        case "te": te = value
        case "grpc-timeout": timeout = value
        case "grpc-encoding": encoding = value
        default:
            if !Metadata.isReserved(name) { metadata.appendHeaderField(name: name, value: value) }
        }
        return true
    }

    /// How a request that cannot be served is answered.
    struct Rejection: Error {
        /// The HTTP status: 200 with a gRPC status, or 415 for a foreign content type.
        var httpStatus: Int
        var error: RPCError
    }

    /// A request that passed the checks.
    struct Accepted {
        var route: RPCRouter.Route
        var timeoutNanoseconds: Int64?
    }

    func validate(router: RPCRouter) -> Result<Accepted, Rejection> {
        guard let contentType, contentType.hasPrefix("application/grpc") else {
            let shown = contentType ?? "none"
            return .failure(Rejection(
                httpStatus: 415,
                error: RPCError(code: .internalError, message: "content-type \(shown) is not application/grpc")))
        }
        guard method == "POST" else {
            return .failure(rejection(.invalidArgument, "method \(method ?? "none") is not POST"))
        }
        guard te == "trailers" else {
            return .failure(rejection(.invalidArgument, "the te: trailers header is required"))
        }
        if let encoding, encoding != "identity" {
            var metadata = Metadata()
            metadata.add("grpc-accept-encoding", "identity")
            return .failure(Rejection(
                httpStatus: 200,
                error: RPCError(
                    code: .unimplemented, message: "message encoding \(encoding) is not supported",
                    metadata: metadata)))
        }
        var timeoutNanoseconds: Int64?
        if let timeout {
            guard let parsed = GRPCTimeout.parse(timeout) else {
                return .failure(rejection(.internalError, "malformed grpc-timeout \(timeout)"))
            }
            timeoutNanoseconds = parsed
        }
        switch router.route(for: path ?? "") {
        case .success(let route):
            return .success(Accepted(route: route, timeoutNanoseconds: timeoutNanoseconds))
        case .failure(let error):
            return .failure(Rejection(httpStatus: 200, error: error))
        }
    }

    private func rejection(_ code: RPCStatus.Code, _ message: String) -> Rejection {
        Rejection(httpStatus: 200, error: RPCError(code: code, message: message))
    }
}
