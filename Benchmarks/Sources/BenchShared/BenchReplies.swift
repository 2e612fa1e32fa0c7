import Schema

/// The bench methods' fixed data, shared by every Swift bench server.
///
/// `bench.v1.Bench/Unary` takes a `GetProgressRequest` (about 20 bytes) and answers a `Progress`
/// (about 60 bytes), the size of UploadMonitor's GetProgress. `bench.v1.Bench/Stream` takes a
/// `WatchRequest` whose `resume_after_sequence` says how many `Progress` messages to stream.
public enum BenchReplies {
    public static let service = "bench.v1.Bench"

    public static func progress(for request: GetProgressRequest) -> Progress {
        Progress(
            uploadID: request.uploadID, totalRows: 2_000_000, processedRows: 1_234_567, succeededRows: 1_230_000,
            failedRows: 4567, ratePerSecond: 5321.5, etaSeconds: 144.25, percentage: 61.7, phase: .uploading,
            updatedAtUnixMs: 1_764_400_000_000)
    }

    public static let streamed = progress(for: GetProgressRequest(uploadID: "upl_0123456789abcd"))
}
