/// A gRPC status: one of the 17 canonical codes and a human-readable message.
public struct RPCStatus: Sendable, Equatable, CustomStringConvertible {
    /// gRPC's canonical status codes, with their wire numbers.
    public enum Code: Int, Sendable, CaseIterable {
        case ok = 0
        case cancelled = 1
        case unknown = 2
        case invalidArgument = 3
        case deadlineExceeded = 4
        case notFound = 5
        case alreadyExists = 6
        case permissionDenied = 7
        case resourceExhausted = 8
        case failedPrecondition = 9
        case aborted = 10
        case outOfRange = 11
        case unimplemented = 12
        case internalError = 13
        case unavailable = 14
        case dataLoss = 15
        case unauthenticated = 16

        /// The code's name as gRPC documentation spells it (`DEADLINE_EXCEEDED`).
        public var name: String {
            switch self {
            case .ok: return "OK"
            case .cancelled: return "CANCELLED"
            case .unknown: return "UNKNOWN"
            case .invalidArgument: return "INVALID_ARGUMENT"
            case .deadlineExceeded: return "DEADLINE_EXCEEDED"
            case .notFound: return "NOT_FOUND"
            case .alreadyExists: return "ALREADY_EXISTS"
            case .permissionDenied: return "PERMISSION_DENIED"
            case .resourceExhausted: return "RESOURCE_EXHAUSTED"
            case .failedPrecondition: return "FAILED_PRECONDITION"
            case .aborted: return "ABORTED"
            case .outOfRange: return "OUT_OF_RANGE"
            case .unimplemented: return "UNIMPLEMENTED"
            case .internalError: return "INTERNAL"
            case .unavailable: return "UNAVAILABLE"
            case .dataLoss: return "DATA_LOSS"
            case .unauthenticated: return "UNAUTHENTICATED"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    public static let ok = RPCStatus(code: .ok)

    public var description: String {
        message.isEmpty ? code.name : "\(code.name): \(message)"
    }
}

/// An RPC that ended with a status other than OK, on either side of the call.
///
/// Handlers throw it to choose the status and trailers the client sees; clients receive it when a
/// call fails.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: RPCStatus.Code
    public var message: String
    /// Trailing metadata sent with (or received with) the status.
    public var metadata: Metadata

    public init(code: RPCStatus.Code, message: String, metadata: Metadata = Metadata()) {
        self.code = code
        self.message = message
        self.metadata = metadata
    }

    public init(status: RPCStatus, metadata: Metadata = Metadata()) {
        self.init(code: status.code, message: status.message, metadata: metadata)
    }

    public var status: RPCStatus { RPCStatus(code: code, message: message) }

    public var description: String { status.description }
}
