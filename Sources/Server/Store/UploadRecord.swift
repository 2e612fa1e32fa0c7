import Schema

/// An upload as stored: its spec (with secrets), phase, counters and times.
public struct UploadRecord: Sendable, Equatable {
    public var uploadID: String
    public var name: String
    public var phase: Phase
    /// 1 for the first run; each user retry adds one.
    public var attempt: Int
    public var spec: UploadSpec
    /// The spooled (or server-local) CSV file.
    public var sourcePath: String
    public var totalRows: Int64
    public var processedRows: Int64
    public var succeededRows: Int64
    public var failedRows: Int64
    /// Why the upload is in its phase, for PHASE_FAILED and PHASE_CANCELLED.
    public var message: String
    public var createdAtUnixMs: Int64
    public var startedAtUnixMs: Int64
    public var finishedAtUnixMs: Int64

    /// Whether the upload still has work to do (and so resumes after a restart).
    public var isUnfinished: Bool {
        switch phase {
        case .receiving, .validating, .uploading, .retrying: return true
        default: return false
        }
    }
}

/// One failed row's error as stored.
public struct RowFailureRecord: Sendable, Equatable {
    public var row: Int64
    public var category: ErrorCategory
    public var code: String
    public var message: String
    public var context: [String: String]
    public var suggestion: String
    public var retryable: Bool
    public var attempt: Int
    public var httpStatus: Int
    public var field: String
}

/// One batch request's final state.
public struct RequestCompletion: Sendable {
    public var uploadID: String
    public var requestID: String
    public var state: String
    public var tries: Int
    public var httpStatus: Int
    public var latencyMs: Int64
    public var errorCode: String
    public var succeededRows: [Int64]
    public var failures: [RowFailureRecord]
}
