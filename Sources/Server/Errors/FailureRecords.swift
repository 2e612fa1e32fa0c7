import Pipeline
import Schema

/// Builds the stored error of a failed row from what the pipeline reported.
enum FailureRecords {
    static func csvProblem(_ problem: CSVProblem, row: Int64, header: [String], attempt: Int) -> RowFailureRecord {
        let code: String
        switch problem {
        case .unbalancedQuote: code = "CSV_UNBALANCED_QUOTE"
        case .characterAfterClosingQuote: code = "CSV_CHARACTER_AFTER_QUOTE"
        case .invalidUTF8: code = "CSV_INVALID_UTF8"
        case .fieldTooLarge: code = "CSV_FIELD_TOO_LARGE"
        case .wrongColumnCount: code = "CSV_WRONG_COLUMN_COUNT"
        }
        var context: [String: String] = [:]
        var column = ""
        if let index = problem.column {
            column = index <= header.count ? header[index - 1] : "column \(index)"
            context["column"] = column
        }
        return RowFailureRecord(
            row: row, category: .validation, code: code, message: "row \(row): \(problem)", context: context,
            suggestion: Suggestions.suggestion(code: code, category: .validation), retryable: false, attempt: attempt,
            httpStatus: 0, field: column)
    }

    static func validation(_ failure: ValidationFailure, attempt: Int) -> RowFailureRecord {
        let code = failure.code.rawValue
        return RowFailureRecord(
            row: Int64(failure.row), category: .validation, code: code, message: failure.message,
            context: ["column": failure.column, "field": failure.field, "value": String(failure.value.prefix(200))],
            suggestion: Suggestions.suggestion(code: code, category: .validation), retryable: false, attempt: attempt,
            httpStatus: 0, field: failure.field)
    }

    static func target(_ failure: TargetFailure, row: Int64, requestID: String, attempt: Int) -> RowFailureRecord {
        let category: Schema.ErrorCategory
        switch failure.category {
        case .network: category = .network
        case .api: category = .api
        case .validation: category = .validation
        case .system: category = .system
        }
        var context = ["request_id": requestID, "attempts": String(failure.attempts)]
        if failure.httpStatus > 0 { context["http_status"] = String(failure.httpStatus) }
        if !failure.field.isEmpty { context["field"] = failure.field }
        return RowFailureRecord(
            row: row, category: category, code: failure.code, message: failure.message, context: context,
            suggestion: Suggestions.suggestion(code: failure.code, category: category), retryable: failure.retryable,
            attempt: attempt, httpStatus: failure.httpStatus, field: failure.field)
    }
}
