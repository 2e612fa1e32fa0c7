import Schema

/// What a user should do about an error code: the suggestion stored with every failed row.
/// Codes are listed in proto-docs/ERRORS.md.
enum Suggestions {
    static func suggestion(code: String, category: ErrorCategory) -> String {
        if let known = byCode[code] { return known }
        if code.hasPrefix("HTTP_5") {
            return "The target API failed on its side. Retry the failed rows later; if it persists, contact the API's owner."
        }
        switch category {
        case .network: return "The target could not be reached. Check the URL and the network, then retry the failed rows."
        case .api: return "The target API rejected the rows. Read the message, correct the data or the request, and retry."
        case .validation: return "Correct the value in the CSV (or with a correction) and retry the row."
        case .system: return "An internal problem stopped the row. Retry; if it persists, report it with the upload ID."
        default: return "Retry the failed rows; if the error persists, report it with the upload ID."
        }
    }

    private static let byCode: [String: String] = [
        "CSV_WRONG_COLUMN_COUNT": "Make the row have as many columns as the header (check for unquoted commas).",
        "CSV_UNBALANCED_QUOTE": "Close the quote in this row, or double quotes inside quoted fields (\"\").",
        "CSV_CHARACTER_AFTER_QUOTE": "Quote the whole field, or remove the characters after its closing quote.",
        "CSV_INVALID_UTF8": "Save the file as UTF-8 and upload it again.",
        "CSV_FIELD_TOO_LARGE": "Shorten the field or split the data; fields are limited in size.",
        "REQUIRED_FIELD_MISSING": "Fill in the value: the mapping marks this field as required.",
        "INVALID_INTEGER": "Use a whole number without separators, for example 1234.",
        "INVALID_NUMBER": "Use a number with a dot as decimal separator, for example 12.5.",
        "INVALID_BOOLEAN": "Use true or false (yes/no and 1/0 also work).",
        "INVALID_DATE": "Use an ISO 8601 date such as 2026-11-29 or 2026-11-29T10:15:00Z.",
        "INVALID_EMAIL": "Use a complete e-mail address such as name@example.com.",
        "PATTERN_MISMATCH": "Change the value to match the pattern the mapping requires.",
        "VALUE_TOO_LONG": "Shorten the value to the mapping's maximum length.",
        "VALUE_NOT_ALLOWED": "Use one of the values the mapping allows.",
        "HTTP_400": "The target says the request is malformed: check the mapping's field names and types.",
        "HTTP_401": "The target refused the credentials: check the bearer token, basic credentials or API key.",
        "HTTP_403": "The credentials lack permission for this endpoint: ask the API's owner for access.",
        "HTTP_404": "The target URL does not exist: check the upload's target URL.",
        "HTTP_408": "The target timed out reading the request: retry later or lower the batch size.",
        "HTTP_409": "The target reports a conflict (for example a duplicate): check whether the record already exists.",
        "HTTP_413": "The request was too large for the target: lower the batch size and retry.",
        "HTTP_422": "The target rejected the row's content: read the message and correct the field it names.",
        "HTTP_429": "The target limited the request rate: retry later or lower the concurrency.",
        "ROW_REJECTED": "The target rejected the row: read the message, correct the data and retry.",
        "NETWORK_TIMEOUT": "The target did not answer in time: retry later or raise the timeout.",
        "NETWORK_CONNECT_TIMEOUT": "Connecting to the target timed out: check the host and the network.",
        "NETWORK_CONNECTION_REFUSED": "Nothing accepts connections at the target address: check the URL and that the API is running.",
        "NETWORK_CONNECTION_CLOSED": "The target closed the connection without answering: retry the failed rows.",
        "NETWORK_CONNECTION_RESET": "The connection was reset: retry the failed rows.",
        "NETWORK_DNS": "The target host name does not resolve: check the URL.",
    ]
}
