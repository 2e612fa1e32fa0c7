import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import Schema
import Wire

/// Owns the running uploads: starts a runner task per upload, cancels them, resumes unfinished
/// ones after a restart, and spools incoming CSV data to the data directory.
public final class UploadCoordinator: Sendable {
    let store: UploadStore
    let dataDirectory: String
    private let runner: UploadRunner
    private let logger: Logger
    private let tasks = NIOLockedValueBox<[String: Task<Void, Never>]>([:])

    init(store: UploadStore, dataDirectory: String, httpClient: HTTPClient, logger: Logger) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.runner = UploadRunner(store: store, httpClient: httpClient, logger: logger)
        self.logger = logger
    }

    /// Starts every upload the store lists as unfinished.
    func resumeUnfinished() async throws {
        for upload in try await store.unfinishedUploads() {
            logger.info("resuming upload", metadata: ["upload_id": "\(upload.uploadID)", "phase": "\(upload.phase)"])
            try await store.addAuditEvent(uploadID: upload.uploadID, kind: "resumed", actor: "server", detail: "resumed after restart in \(upload.phase)")
            start(upload.uploadID)
        }
    }

    func start(_ uploadID: String) {
        let runner = runner
        let task = Task { await runner.run(uploadID) }
        tasks.withLockedValue { $0[uploadID] = task }
        Task { [tasks] in
            await task.value
            tasks.withLockedValue { if $0[uploadID] == task { $0[uploadID] = nil } }
        }
    }

    /// Stops dispatch; rows not sent stay unprocessed.
    func cancel(_ uploadID: String) async {
        let task = tasks.withLockedValue { $0.removeValue(forKey: uploadID) }
        task?.cancel()
        await task?.value
    }

    /// Cancels every runner (server shutdown); their uploads resume on the next start.
    func stopAll() async {
        let all = tasks.withLockedValue { tasks in
            defer { tasks = [:] }
            return Array(tasks.values)
        }
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    /// The directory for one upload's files.
    func directory(for uploadID: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("uploads/\(uploadID)")
    }

    static func newUploadID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = generator.next() as UInt64
        return "upl_" + String(bits, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
