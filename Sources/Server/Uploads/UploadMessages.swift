import Schema

/// Conversions from stored records to the API's messages.
enum UploadMessages {
    static func upload(_ record: UploadRecord) -> Upload {
        Upload(
            uploadID: record.uploadID, name: record.name, phase: record.phase, progress: progress(record),
            attempt: Int32(record.attempt), createdAtUnixMs: record.createdAtUnixMs,
            startedAtUnixMs: record.startedAtUnixMs, finishedAtUnixMs: record.finishedAtUnixMs,
            spec: UploadSpecValidation.redacted(record.spec))
    }

    static func progress(_ record: UploadRecord) -> Progress {
        let percentage = record.totalRows > 0 ? Double(record.processedRows) * 100 / Double(record.totalRows) : 0
        return Progress(
            uploadID: record.uploadID, totalRows: record.totalRows, processedRows: record.processedRows,
            succeededRows: record.succeededRows, failedRows: record.failedRows, percentage: percentage,
            phase: record.phase, updatedAtUnixMs: UploadStore.now())
    }
}
