import NIOCore
import Pipeline
import Schema
import Wire

/// Checks an `UploadSpec` and turns it into the pipeline's configuration. Problems are
/// INVALID_ARGUMENT errors naming the field.
enum UploadSpecValidation {
    static func targetConfiguration(_ spec: UploadSpec) throws(RPCError) -> TargetConfiguration {
        guard let target = spec.target else { throw invalid("spec.target is required") }
        let credentials: TargetConfiguration.Credentials
        if !target.bearerToken.isEmpty {
            credentials = .bearer(token: target.bearerToken)
        } else if !target.basicUsername.isEmpty || !target.basicPassword.isEmpty {
            credentials = .basic(username: target.basicUsername, password: target.basicPassword)
        } else if !target.apiKey.isEmpty {
            guard !target.apiKeyHeader.isEmpty else {
                throw invalid("spec.target.api_key_header is required with spec.target.api_key")
            }
            credentials = .apiKey(header: target.apiKeyHeader, key: target.apiKey)
        } else {
            credentials = .none
        }
        for name in target.headers.keys where !isHeaderName(name) {
            throw invalid("spec.target.headers has an invalid header name \(name)")
        }
        do {
            return try TargetConfiguration(
                url: target.url, headers: target.headers, credentials: credentials,
                batchSize: Int(target.batchSize == 0 ? 100 : target.batchSize),
                concurrency: Int(target.concurrency == 0 ? 8 : target.concurrency),
                timeout: .milliseconds(Int64(target.timeoutMs == 0 ? 10_000 : target.timeoutMs)),
                maxAttempts: Int(target.maxAttempts == 0 ? 3 : target.maxAttempts))
        } catch {
            switch error {
            case .url(let url): throw invalid("spec.target.url must be an http or https URL, got \"\(url)\"")
            case .limit(let name, let value): throw invalid("spec.target.\(name) must be positive, got \(value)")
            }
        }
    }

    static func fieldRules(_ spec: UploadSpec) throws(RPCError) -> [FieldRule] {
        try spec.mapping.enumerated().map { (index, mapping) throws(RPCError) -> FieldRule in
            guard !mapping.column.isEmpty else { throw invalid("spec.mapping[\(index)].column is required") }
            let kind: FieldRule.Kind
            switch mapping.type {
            case .string: kind = .string
            case .integer: kind = .integer
            case .number: kind = .number
            case .boolean: kind = .boolean
            case .date: kind = .date
            case .email: kind = .email
            case .unspecified, .unrecognized:
                throw invalid("spec.mapping[\(index)].type \(mapping.type.rawValue) is not a known field type")
            }
            guard mapping.maxLength >= 0 else { throw invalid("spec.mapping[\(index)].max_length must not be negative") }
            if !mapping.pattern.isEmpty, (try? Regex(mapping.pattern)) == nil {
                throw invalid("spec.mapping[\(index)].pattern \(mapping.pattern) is not a valid regular expression")
            }
            return FieldRule(
                column: mapping.column, field: mapping.field, kind: kind, required: mapping.required,
                pattern: mapping.pattern, maxLength: Int(mapping.maxLength), allowedValues: mapping.allowedValues)
        }
    }

    /// The full check done when an upload starts.
    static func validate(_ spec: UploadSpec) throws(RPCError) {
        _ = try targetConfiguration(spec)
        _ = try fieldRules(spec)
        guard spec.maxFailedRows >= 0 else { throw invalid("spec.max_failed_rows must not be negative") }
    }

    /// The spec as returned to clients: every secret removed.
    static func redacted(_ spec: UploadSpec) -> UploadSpec {
        var copy = spec
        if var target = copy.target {
            target.bearerToken = target.bearerToken.isEmpty ? "" : "[redacted]"
            target.basicPassword = target.basicPassword.isEmpty ? "" : "[redacted]"
            target.apiKey = target.apiKey.isEmpty ? "" : "[redacted]"
            copy.target = target
        }
        return copy
    }

    private static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    static func invalid(_ message: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message)
    }
}
