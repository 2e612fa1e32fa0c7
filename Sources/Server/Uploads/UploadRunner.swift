import AsyncHTTPClient
import Logging
import Pipeline
import Schema
import Wire

/// Runs one upload to the end, resuming wherever a previous run stopped.
///
/// VALIDATING reads the whole file once: it counts rows and records every malformed or invalid row.
/// UPLOADING reads it again and sends the valid rows in batches of `batch_size`, `concurrency` at a
/// time. Batches are numbered over the valid rows in file order, so they are the same on every run;
/// a batch is marked in flight before it is sent and completed in one transaction with its rows'
/// outcomes. After a crash, completed batches are skipped and in-flight ones are sent again with
/// the same idempotency key.
struct UploadRunner: Sendable {
    let store: UploadStore
    let httpClient: HTTPClient
    let logger: Logger

    /// The upload crossed `max_failed_rows`.
    private struct ThresholdCrossed: Error {
        let failed: Int64
        let limit: Int64
    }

    func run(_ uploadID: String) async {
        do {
            guard let upload = try await store.upload(uploadID), upload.isUnfinished else { return }
            try await execute(upload)
        } catch is CancellationError {
            return
        } catch let crossed as ThresholdCrossed {
            try? await store.setPhase(
                uploadID, .failed,
                message: "\(crossed.failed) rows failed, more than max_failed_rows (\(crossed.limit)); the rest was not sent")
        } catch {
            if Task.isCancelled { return }
            logger.error("upload failed", metadata: ["upload_id": "\(uploadID)", "error": "\(error)"])
            try? await store.setPhase(uploadID, .failed, message: "\(error)")
        }
    }

    private func execute(_ upload: UploadRecord) async throws {
        let target: TargetConfiguration
        let rules: [FieldRule]
        do {
            target = try UploadSpecValidation.targetConfiguration(upload.spec)
            rules = try UploadSpecValidation.fieldRules(upload.spec)
        } catch {
            try await store.setPhase(upload.uploadID, .failed, message: error.message)
            return
        }
        try await store.recount(uploadID: upload.uploadID)
        let reader = CSVFileReader(path: upload.sourcePath)
        let mapper: RowMapper
        do {
            let rows = try reader.makeRowIterator()
            mapper = try RowMapper(header: rows.header, rules: rules)
        } catch let error as RowMapper.ConfigurationError {
            try await store.setPhase(upload.uploadID, .failed, message: "\(error)")
            return
        } catch let error as CSVFileReader.Failure {
            try await store.setPhase(upload.uploadID, .failed, message: "the CSV file cannot be read: \(error)")
            return
        }
        if upload.phase == .validating || upload.phase == .receiving {
            try await store.setPhase(upload.uploadID, .validating)
            try await validate(upload, reader: reader, mapper: mapper)
        }
        try await store.setPhase(upload.uploadID, .uploading)
        try await dispatch(upload, reader: reader, mapper: mapper, target: target)
        try Task.checkCancellation()
        let final = try await store.upload(upload.uploadID)
        try await store.setPhase(upload.uploadID, (final?.failedRows ?? 0) == 0 ? .completed : .completedWithErrors)
    }

    /// Counts the rows and records every malformed or invalid one, in groups of 1,000 failures.
    private func validate(_ upload: UploadRecord, reader: CSVFileReader, mapper: RowMapper) async throws {
        let rows = try reader.makeRowIterator()
        var total: Int64 = 0
        var pending: [RowFailureRecord] = []
        while let row = try rows.next() {
            total += 1
            if let problem = row.problem {
                pending.append(FailureRecords.csvProblem(problem, row: Int64(row.number), header: rows.header, attempt: upload.attempt))
            } else if case .failure(let rejected) = mapper.map(number: row.number, fields: row.fields) {
                pending += rejected.failures.map { FailureRecords.validation($0, attempt: upload.attempt) }
            }
            if pending.count >= 1000 {
                try await flush(&pending, upload)
            }
        }
        try await flush(&pending, upload)
        try await store.setTotalRows(upload.uploadID, total)
    }

    private func flush(_ pending: inout [RowFailureRecord], _ upload: UploadRecord) async throws {
        try Task.checkCancellation()
        try await store.recordFailedRows(uploadID: upload.uploadID, attempt: upload.attempt, failures: pending)
        pending.removeAll(keepingCapacity: true)
        try await checkThreshold(upload)
    }

    private func checkThreshold(_ upload: UploadRecord) async throws {
        guard upload.spec.maxFailedRows > 0, let current = try await store.upload(upload.uploadID),
            current.failedRows > upload.spec.maxFailedRows
        else { return }
        throw ThresholdCrossed(failed: current.failedRows, limit: upload.spec.maxFailedRows)
    }

    /// Sends the valid rows in numbered batches, `concurrency` at a time, skipping completed batches.
    private func dispatch(_ upload: UploadRecord, reader: CSVFileReader, mapper: RowMapper, target: TargetConfiguration) async throws {
        let done = try await store.requestStates(uploadID: upload.uploadID, attempt: upload.attempt)
            .filter { $0.value != "in_flight" }
        let client = TargetClient(configuration: target, httpClient: httpClient, logger: logger)
        let gate = DispatchGate()
        let rows = try reader.makeRowIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            var batchIndex = 0
            var batch: [MappedRow] = []
            func launch(_ rows: [MappedRow], index: Int) async throws {
                if done[index] != nil { return }
                if inFlight >= target.concurrency {
                    try await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask {
                    try await send(rows, index: index, upload: upload, client: client, gate: gate)
                }
            }
            while let row = try rows.next() {
                try Task.checkCancellation()
                guard row.problem == nil, case .success(let mapped) = mapper.map(number: row.number, fields: row.fields) else {
                    continue
                }
                batch.append(mapped)
                if batch.count == target.batchSize {
                    try await launch(batch, index: batchIndex)
                    batchIndex += 1
                    batch = []
                }
            }
            if !batch.isEmpty { try await launch(batch, index: batchIndex) }
            try await group.waitForAll()
        }
    }

    private func send(_ rows: [MappedRow], index: Int, upload: UploadRecord, client: TargetClient, gate: DispatchGate) async throws {
        let requestID = "\(upload.uploadID)-a\(upload.attempt)-b\(index)"
        try await store.beginRequest(
            uploadID: upload.uploadID, requestID: requestID, attempt: upload.attempt, batchIndex: index,
            firstRow: Int64(rows.first?.number ?? 0), rowCount: rows.count)
        guard let outcome = await client.send(rows, uploadID: upload.uploadID, idempotencyKey: requestID, gate: gate) else {
            throw CancellationError()
        }
        let failures = rows.compactMap { row in
            outcome.failures[row.number].map {
                FailureRecords.target($0, row: Int64(row.number), requestID: requestID, attempt: upload.attempt)
            }
        }
        let succeeded = rows.filter { outcome.failures[$0.number] == nil }.map { Int64($0.number) }
        let state = failures.isEmpty ? "succeeded" : (succeeded.isEmpty ? "failed" : "partial")
        try await store.complete(
            RequestCompletion(
                uploadID: upload.uploadID, requestID: requestID, state: state, tries: outcome.attempts,
                httpStatus: outcome.httpStatus, latencyMs: outcome.latency.nanoseconds / 1_000_000,
                errorCode: failures.first?.code ?? "", succeededRows: succeeded, failures: failures),
            attempt: upload.attempt)
        try await checkThreshold(upload)
    }
}
