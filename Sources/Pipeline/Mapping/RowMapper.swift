/// Turns CSV rows into typed target rows, validating every mapped field.
///
/// Built once per upload from the header and the mapping. With no mapping, every column whose name
/// does not start with `_` is sent as a string under its header name.
public struct RowMapper: Sendable {
    /// The mapping cannot be applied to this file.
    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case unknownColumn(String)
        case invalidPattern(column: String, pattern: String)
        case duplicateField(String)

        public var description: String {
            switch self {
            case .unknownColumn(let column): return "mapping names column \(column), which the CSV header does not have"
            case .invalidPattern(let column, let pattern): return "pattern \(pattern) for column \(column) is not a valid regular expression"
            case .duplicateField(let field): return "more than one column maps to field \(field)"
            }
        }
    }

    private struct CompiledRule: @unchecked Sendable {
        // Regex is immutable once built; the mapper never mutates it after init.
        let rule: FieldRule
        let index: Int
        let pattern: Regex<AnyRegexOutput>?
        let allowed: Set<String>
    }

    private let rules: [CompiledRule]

    public init(header: [String], rules: [FieldRule]) throws(ConfigurationError) {
        let effective = rules.isEmpty
            ? header.filter { !$0.hasPrefix("_") }.map { FieldRule(column: $0) }
            : rules
        var compiled: [CompiledRule] = []
        var fields: Set<String> = []
        for rule in effective {
            guard let index = header.firstIndex(of: rule.column) else { throw .unknownColumn(rule.column) }
            guard fields.insert(rule.targetField).inserted else { throw .duplicateField(rule.targetField) }
            var pattern: Regex<AnyRegexOutput>?
            if !rule.pattern.isEmpty {
                do {
                    pattern = try Regex(rule.pattern)
                } catch {
                    throw .invalidPattern(column: rule.column, pattern: rule.pattern)
                }
            }
            compiled.append(CompiledRule(rule: rule, index: index, pattern: pattern, allowed: Set(rule.allowedValues)))
        }
        self.rules = compiled
    }

    /// Maps one row: its typed fields, or one failure per field that broke a rule.
    public func map(number: Int, fields: [String]) -> Result<MappedRow, RowRejected> {
        var values: [(name: String, value: FieldValue)] = []
        values.reserveCapacity(rules.count)
        var failures: [ValidationFailure] = []
        for compiled in rules {
            let raw = compiled.index < fields.count ? fields[compiled.index] : ""
            switch validate(raw, compiled) {
            case .success(let value): values.append((compiled.rule.targetField, value))
            case .failure(let failure):
                failures.append(failure.failure(row: number, rule: compiled.rule, value: raw))
            }
        }
        return failures.isEmpty ? .success(MappedRow(number: number, fields: values)) : .failure(RowRejected(failures: failures))
    }

    private struct RuleBroken: Error {
        let code: ValidationFailure.Code
        let rule: String

        func failure(row: Int, rule field: FieldRule, value: String) -> ValidationFailure {
            let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
            return ValidationFailure(
                row: row, column: field.column, field: field.targetField, value: value, code: code,
                message: "row \(row), column \(field.column): value \"\(shown)\" \(rule)")
        }
    }

    private func validate(_ raw: String, _ compiled: CompiledRule) -> Result<FieldValue, RuleBroken> {
        let rule = compiled.rule
        if raw.isEmpty {
            return rule.required
                ? .failure(RuleBroken(code: .requiredFieldMissing, rule: "is empty but the field is required"))
                : .success(.null)
        }
        if rule.maxLength > 0, raw.count > rule.maxLength {
            return .failure(RuleBroken(code: .valueTooLong, rule: "is longer than \(rule.maxLength) characters"))
        }
        if !compiled.allowed.isEmpty, !compiled.allowed.contains(raw) {
            let list = rule.allowedValues.prefix(10).joined(separator: ", ")
            return .failure(RuleBroken(code: .valueNotAllowed, rule: "is not one of the allowed values (\(list))"))
        }
        if let pattern = compiled.pattern, (try? pattern.firstMatch(in: raw)) == nil {
            return .failure(RuleBroken(code: .patternMismatch, rule: "does not match the pattern \(rule.pattern)"))
        }
        switch rule.kind {
        case .string:
            return .success(.string(raw))
        case .integer:
            guard let value = ValueParsers.integer(raw) else {
                return .failure(RuleBroken(code: .invalidInteger, rule: "is not a whole number"))
            }
            return .success(.integer(value))
        case .number:
            guard let value = ValueParsers.number(raw) else {
                return .failure(RuleBroken(code: .invalidNumber, rule: "is not a number"))
            }
            return .success(.number(value))
        case .boolean:
            guard let value = ValueParsers.boolean(raw) else {
                return .failure(RuleBroken(code: .invalidBoolean, rule: "is not true/false, yes/no or 1/0"))
            }
            return .success(.boolean(value))
        case .date:
            guard ValueParsers.isISO8601Date(raw) else {
                return .failure(RuleBroken(code: .invalidDate, rule: "is not an ISO 8601 date (YYYY-MM-DD)"))
            }
            return .success(.string(raw.trimmingWhitespace()))
        case .email:
            guard ValueParsers.isEmail(raw) else {
                return .failure(RuleBroken(code: .invalidEmail, rule: "is not an e-mail address"))
            }
            return .success(.string(raw.trimmingWhitespace()))
        }
    }
}
