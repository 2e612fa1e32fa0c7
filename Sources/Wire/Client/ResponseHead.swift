/// Response headers or trailers of one client call as they arrive, and what they mean.
struct ResponseHead {
    var httpStatus: Int?
    var contentType: String?
    var grpcStatus: String?
    var grpcMessage: String?
    var metadata = Metadata()

    mutating func add(name: String, value: String) {
        switch name {
        case ":status": httpStatus = Int(value)
        case "content-type": contentType = value
        case "grpc-status": grpcStatus = value
        case "grpc-message": grpcMessage = value
        default:
            if !Metadata.isReserved(name) { metadata.appendHeaderField(name: name, value: value) }
        }
    }

    /// The status carried by these fields: from `grpc-status`, or mapped from the HTTP status
    /// when a proxy answered without one (gRPC's http-grpc-status-mapping).
    var status: RPCStatus? {
        if let grpcStatus {
            let code = Int(grpcStatus).flatMap(RPCStatus.Code.init(rawValue:)) ?? .unknown
            return RPCStatus(code: code, message: grpcMessage.map(StatusMessageEncoding.decode) ?? "")
        }
        guard let httpStatus, httpStatus != 200 else { return nil }
        let code: RPCStatus.Code
        switch httpStatus {
        case 400, 431: code = .internalError
        case 401: code = .unauthenticated
        case 403: code = .permissionDenied
        case 404: code = .unimplemented
        case 429, 502, 503, 504: code = .unavailable
        default: code = .unknown
        }
        return RPCStatus(code: code, message: "HTTP status \(httpStatus) without grpc-status")
    }
}
