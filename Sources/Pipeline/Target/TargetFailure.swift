/// The four error categories of the product (DESIGN.md error taxonomy).
public enum ErrorCategory: String, Sendable, Equatable {
    case network
    case api
    case validation
    case system
}

/// Why one row was not accepted by the target, after every attempt.
public struct TargetFailure: Sendable, Equatable {
    public var category: ErrorCategory
    /// Stable code: `HTTP_<status>`, `ROW_REJECTED` or the target's own code, `NETWORK_*`.
    public var code: String
    public var message: String
    /// The HTTP status of the last reply, 0 if none came.
    public var httpStatus: Int
    /// The field the target named, if any.
    public var field: String
    /// Whether trying again later may succeed.
    public var retryable: Bool
    /// How many requests carried the row.
    public var attempts: Int

    public init(
        category: ErrorCategory, code: String, message: String, httpStatus: Int = 0, field: String = "",
        retryable: Bool, attempts: Int
    ) {
        self.category = category
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.field = field
        self.retryable = retryable
        self.attempts = attempts
    }
}
