import Foundation
import Pipeline
import Schema
import Wire

/// The UploadMonitor RPCs for starting, reading, listing and cancelling uploads.
struct UploadHandlers: Sendable {
    let coordinator: UploadCoordinator

    private var store: UploadStore { coordinator.store }

    /// StartUpload: a spec chunk, then CSV chunks (or a spec with `source_path`). The CSV is
    /// spooled to disk as it arrives; the reply comes once it is stored and synced.
    func startUpload(_ chunks: RequestStream<UploadChunk>, _ context: ServerContext) async throws -> Upload {
        let uploadID = UploadCoordinator.newUploadID()
        let directory = coordinator.directory(for: uploadID)
        var spec: UploadSpec?
        var spool: FileHandle?
        var bytes = 0
        var sourcePath = ""
        do {
            for try await chunk in chunks {
                switch chunk.part {
                case .spec(let received):
                    guard spec == nil else { throw UploadSpecValidation.invalid("a second spec chunk arrived; send the spec once, first") }
                    try UploadSpecValidation.validate(received)
                    spec = received
                case .csvData(let data):
                    guard let current = spec else { throw UploadSpecValidation.invalid("csv_data arrived before the spec; the first chunk must be the spec") }
                    guard current.sourcePath.isEmpty else {
                        throw UploadSpecValidation.invalid("csv_data cannot be sent with spec.source_path")
                    }
                    if spool == nil {
                        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                        sourcePath = (directory as NSString).appendingPathComponent("source.csv")
                        guard FileManager.default.createFile(atPath: sourcePath, contents: nil),
                            let file = FileHandle(forWritingAtPath: sourcePath)
                        else { throw RPCError(code: .internalError, message: "cannot create the spool file for upload \(uploadID)") }
                        spool = file
                    }
                    try spool?.write(contentsOf: data)
                    bytes += data.count
                case nil:
                    throw UploadSpecValidation.invalid("an UploadChunk had neither spec nor csv_data")
                }
            }
            guard let spec else { throw UploadSpecValidation.invalid("the upload sent no spec; the first chunk must be the spec") }
            if !spec.sourcePath.isEmpty {
                guard FileManager.default.isReadableFile(atPath: spec.sourcePath) else {
                    throw UploadSpecValidation.invalid("spec.source_path \(spec.sourcePath) is not a readable file on the server")
                }
                sourcePath = spec.sourcePath
            } else {
                guard bytes > 0, let file = spool else { throw UploadSpecValidation.invalid("the upload has no CSV data") }
                try file.synchronize()
                try file.close()
                spool = nil
            }
            try checkHeader(sourcePath, spec: spec)
            let now = UploadStore.now()
            let record = UploadRecord(
                uploadID: uploadID, name: spec.name, phase: .validating, attempt: 1, spec: spec, sourcePath: sourcePath,
                totalRows: 0, processedRows: 0, succeededRows: 0, failedRows: 0, message: "", createdAtUnixMs: now,
                startedAtUnixMs: 0, finishedAtUnixMs: 0)
            try await store.insert(record)
            try await store.addAuditEvent(uploadID: uploadID, kind: "upload_started", actor: context.peer, detail: "\(bytes) bytes received")
            coordinator.start(uploadID)
            return UploadMessages.upload(record)
        } catch {
            try? spool?.close()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    func getUpload(_ request: GetUploadRequest, _ context: ServerContext) async throws -> Upload {
        UploadMessages.upload(try await record(request.uploadID, field: "upload_id"))
    }

    func listUploads(_ request: ListUploadsRequest, _ context: ServerContext) async throws -> ListUploadsResponse {
        guard request.pageSize >= 0 else { throw UploadSpecValidation.invalid("page_size must not be negative") }
        let size = Int(request.pageSize == 0 ? 50 : min(request.pageSize, 1000))
        var after: (Int64, String)?
        if !request.pageToken.isEmpty {
            let parts = request.pageToken.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let created = Int64(parts[0]) else {
                throw UploadSpecValidation.invalid("page_token \(request.pageToken) is not a token this server issued")
            }
            after = (created, String(parts[1]))
        }
        let records = try await store.uploads(after: after, limit: size + 1)
        let page = records.prefix(size)
        let next = records.count > size ? page.last.map { "\($0.createdAtUnixMs)_\($0.uploadID)" } ?? "" : ""
        return ListUploadsResponse(uploads: page.map(UploadMessages.upload), nextPageToken: next)
    }

    func cancelUpload(_ request: CancelUploadRequest, _ context: ServerContext) async throws -> Upload {
        let current = try await record(request.uploadID, field: "upload_id")
        guard current.isUnfinished else {
            throw RPCError(code: .failedPrecondition, message: "upload \(request.uploadID) already ended in \(current.phase)")
        }
        await coordinator.cancel(request.uploadID)
        try await store.setPhase(request.uploadID, .cancelled, message: "cancelled by \(context.peer)")
        try await store.addAuditEvent(uploadID: request.uploadID, kind: "upload_cancelled", actor: context.peer, detail: "")
        return UploadMessages.upload(try await record(request.uploadID, field: "upload_id"))
    }

    /// Refuses a file whose header is malformed or lacks a mapped column, before the upload exists.
    private func checkHeader(_ path: String, spec: UploadSpec) throws {
        let header: [String]
        do {
            header = try CSVFileReader(path: path).makeRowIterator().header
        } catch let failure as CSVFileReader.Failure {
            throw UploadSpecValidation.invalid("the CSV data cannot be used: \(failure)")
        }
        do {
            _ = try RowMapper(header: header, rules: UploadSpecValidation.fieldRules(spec))
        } catch let error as RowMapper.ConfigurationError {
            throw UploadSpecValidation.invalid("spec.mapping does not fit the CSV: \(error)")
        }
    }

    private func record(_ uploadID: String, field: String) async throws -> UploadRecord {
        guard !uploadID.isEmpty else { throw UploadSpecValidation.invalid("\(field) is required") }
        guard let record = try await store.upload(uploadID) else {
            throw RPCError(code: .notFound, message: "no upload with \(field) \(uploadID)")
        }
        return record
    }
}
