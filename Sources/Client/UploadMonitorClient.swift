import NIOCore

/// The Swift client for `uploadmonitor.v1.UploadMonitor`: one async method per RPC.
///
/// Calls share one HTTP/2 connection (opened on first use, reopened after the server drains it).
/// Every method takes `CallOptions` (deadline, metadata) and throws `RPCError`, which carries the
/// status code and message, when the call does not end OK.
public final class UploadMonitorClient: Sendable {
    public let connection: RPCConnection

    public init(host: String, port: Int, configuration: ClientConfiguration = .defaults) {
        connection = RPCConnection(host: host, port: port, configuration: configuration)
    }

    /// - Parameter address: `host:port`.
    public convenience init(address: String) throws {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw RPCError(code: .invalidArgument, message: "address \(address) is not host:port")
        }
        self.init(host: String(address[..<colon]), port: port)
    }

    /// Closes the connection.
    public func close() async {
        await connection.close()
    }

    /// Starts an upload: `body` sends the spec chunk, then CSV chunks.
    public func startUpload(
        options: CallOptions = .defaults, _ body: (RequestWriter<UploadChunk>) async throws -> Void
    ) async throws -> Upload {
        try await connection.clientStreaming(UploadMonitorMethods.startUpload, options: options, body)
    }

    public func getUpload(_ request: GetUploadRequest, options: CallOptions = .defaults) async throws -> Upload {
        try await connection.unary(UploadMonitorMethods.getUpload, request, options: options)
    }

    public func listUploads(_ request: ListUploadsRequest, options: CallOptions = .defaults) async throws -> ListUploadsResponse {
        try await connection.unary(UploadMonitorMethods.listUploads, request, options: options)
    }

    public func cancelUpload(_ request: CancelUploadRequest, options: CallOptions = .defaults) async throws -> Upload {
        try await connection.unary(UploadMonitorMethods.cancelUpload, request, options: options)
    }

    public func getProgress(_ request: GetProgressRequest, options: CallOptions = .defaults) async throws -> Progress {
        try await connection.unary(UploadMonitorMethods.getProgress, request, options: options)
    }

    public func getStatus(_ request: GetStatusRequest, options: CallOptions = .defaults) async throws -> UploadStatus {
        try await connection.unary(UploadMonitorMethods.getStatus, request, options: options)
    }

    public func listRequests(_ request: ListRequestsRequest, options: CallOptions = .defaults) async throws -> ListRequestsResponse {
        try await connection.unary(UploadMonitorMethods.listRequests, request, options: options)
    }

    /// Watches an upload's progress events; `body` iterates them.
    public func watchProgress<Result: Sendable>(
        _ request: WatchRequest, options: CallOptions = .defaults,
        _ body: (ResponseStream<ProgressEvent>) async throws -> Result
    ) async throws -> Result {
        try await connection.serverStreaming(UploadMonitorMethods.watchProgress, request, options: options, body)
    }

    public func listErrors(_ request: ListErrorsRequest, options: CallOptions = .defaults) async throws -> ListErrorsResponse {
        try await connection.unary(UploadMonitorMethods.listErrors, request, options: options)
    }

    public func getErrorSummary(_ request: ErrorSummaryRequest, options: CallOptions = .defaults) async throws -> ErrorSummary {
        try await connection.unary(UploadMonitorMethods.getErrorSummary, request, options: options)
    }

    public func exportFailedRows(_ request: ExportRequest, options: CallOptions = .defaults) async throws -> ExportPage {
        try await connection.unary(UploadMonitorMethods.exportFailedRows, request, options: options)
    }

    public func retryFailedRows(_ request: RetryRequest, options: CallOptions = .defaults) async throws -> RetryResponse {
        try await connection.unary(UploadMonitorMethods.retryFailedRows, request, options: options)
    }

    public func listAuditEvents(_ request: ListAuditEventsRequest, options: CallOptions = .defaults) async throws -> ListAuditEventsResponse {
        try await connection.unary(UploadMonitorMethods.listAuditEvents, request, options: options)
    }

    /// `grpc.health.v1.Health/Check` for a service name ("" is the whole server).
    public func checkHealth(service: String = "", options: CallOptions = .defaults) async throws -> HealthCheckResponse.ServingStatus {
        try await connection.unary(HealthMethods.check, HealthCheckRequest(service: service), options: options, as: HealthCheckResponse.self).status
    }
}
