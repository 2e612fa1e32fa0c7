/// An RFC 4180 CSV parser over a byte stream, fed in chunks of any size.
///
/// Handles quoted fields, doubled quotes, embedded commas and line breaks, CRLF, LF or a lone CR
/// as the line end (as Python's `csv` does), and a UTF-8 byte-order mark at the start. Blank lines
/// produce no record. Memory is bounded by the field limit: a field over it is dropped while the
/// parser goes on to the end of its record. A plain value with no I/O, so it can be fed any split.
public struct CSVParser: Sendable {
    private enum State {
        /// At the start of a field.
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: a quote (escaped) or the field's end follows.
        case quoteInQuoted
        /// After a malformed field: skipping to the end of the line.
        case skippingLine
        /// Just after a CR that ended a record: a following LF belongs to it.
        case afterCarriageReturn
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The largest field kept, in bytes.
    public let maxFieldBytes: Int
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldOverLimit = false
    private var fields: [String] = []
    private var problem: CSVProblem?
    private var recordOffset: Int64 = 0
    private var recordHasContent = false
    private var offset: Int64 = 0
    private var bomChecked = false
    private var bomBytes: [UInt8] = []
    /// A field's bytes still in the caller's chunk (the common case: a field that starts and ends
    /// in one chunk without escaped quotes), decoded straight from there. Valid only inside `parse`.
    // Never set between calls (cleared before `parse` returns), so the parser stays Sendable.
    private nonisolated(unsafe) var directRun: UnsafeBufferPointer<UInt8>?

    /// - Parameters:
    ///   - maxFieldBytes: the field size limit (default 1 MiB).
    ///   - startOffset: the file offset of the first byte fed (to parse from the middle of a file).
    public init(maxFieldBytes: Int = 1 << 20, startOffset: Int64 = 0) {
        self.maxFieldBytes = maxFieldBytes
        self.offset = startOffset
        self.recordOffset = startOffset
        self.bomChecked = startOffset != 0
    }

    /// Parses a chunk, calling `emit` for every record it completes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (CSVRecord) throws -> Void) rethrows {
        guard !bomChecked else { return try parse(bytes, emit: emit) }
        var consumed = 0
        while bomBytes.count < 3, consumed < bytes.count {
            bomBytes.append(bytes[consumed])
            consumed += 1
            guard bomBytes == Array(Self.byteOrderMark.prefix(bomBytes.count)) else { break }
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[consumed...])
        if bomBytes == Self.byteOrderMark {
            bomChecked = true
            offset += 3
            recordOffset = offset
            try parse(rest, emit: emit)
        } else if bomBytes != Array(Self.byteOrderMark.prefix(bomBytes.count)) {
            // Not a BOM: parse the bytes held back, then the rest.
            bomChecked = true
            let held = bomBytes
            bomBytes = []
            try held.withUnsafeBytes { try parse($0, emit: emit) }
            try parse(rest, emit: emit)
        }
    }

    private mutating func parse(_ bytes: UnsafeRawBufferPointer, emit: (CSVRecord) throws -> Void) rethrows {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = base[index]
            switch state {
            case .fieldStart, .unquoted:
                if state == .fieldStart, byte == Self.quote {
                    state = .quoted
                    recordHasContent = true
                    index += 1
                    continue
                }
                // Copy the run of ordinary bytes in one go.
                var end = index
                while end < count {
                    let next = base[end]
                    if next == Self.comma || next == Self.lineFeed || next == Self.carriageReturn { break }
                    end += 1
                }
                if end > index {
                    let run = UnsafeBufferPointer(start: base + index, count: end - index)
                    if state == .fieldStart, end < count, field.isEmpty, !fieldOverLimit, run.count <= maxFieldBytes {
                        directRun = run
                    } else {
                        append(run)
                    }
                    state = .unquoted
                    recordHasContent = true
                    index = end
                    continue
                }
                index += 1
                if byte == Self.comma {
                    recordHasContent = true
                    endField()
                } else {
                    try endLine(crEnded: byte == Self.carriageReturn, nextOffset: offset + Int64(index), emit: emit)
                }
            case .quoted:
                var end = index
                while end < count, base[end] != Self.quote { end += 1 }
                if end > index {
                    let run = UnsafeBufferPointer(start: base + index, count: end - index)
                    if end < count, field.isEmpty, directRun == nil, !fieldOverLimit, run.count <= maxFieldBytes {
                        directRun = run
                    } else {
                        append(run)
                    }
                }
                if end < count { state = .quoteInQuoted }
                index = end + 1
            case .quoteInQuoted:
                index += 1
                if byte == Self.quote {
                    append(Self.quote)
                    state = .quoted
                } else if byte == Self.comma {
                    endField()
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    try endLine(crEnded: byte == Self.carriageReturn, nextOffset: offset + Int64(index), emit: emit)
                } else {
                    if problem == nil { problem = .characterAfterClosingQuote(column: fields.count + 1) }
                    state = .skippingLine
                }
            case .skippingLine:
                index += 1
                if byte == Self.lineFeed || byte == Self.carriageReturn {
                    try endLine(crEnded: byte == Self.carriageReturn, nextOffset: offset + Int64(index), emit: emit)
                }
            case .afterCarriageReturn:
                state = .fieldStart
                if byte == Self.lineFeed {
                    index += 1
                    recordOffset = offset + Int64(index)
                }
            }
        }
        materializeDirectRun()
        offset += Int64(count)
    }

    /// Copies a field still in the caller's chunk into the field buffer (before more bytes join it,
    /// or before the chunk goes away).
    private mutating func materializeDirectRun() {
        guard let run = directRun else { return }
        directRun = nil
        field.append(contentsOf: run)
    }

    /// Ends the input: emits the last record if the file did not end with a line break.
    public mutating func finish(emit: (CSVRecord) throws -> Void) rethrows {
        if !bomChecked {
            // Input shorter than a BOM that began like one.
            bomChecked = true
            let held = bomBytes
            bomBytes = []
            try held.withUnsafeBytes { try parse($0, emit: emit) }
        }
        switch state {
        case .quoted:
            if problem == nil { problem = .unbalancedQuote(column: fields.count + 1) }
            endField()
            try emitRecord(emit)
        case .fieldStart, .unquoted, .quoteInQuoted, .skippingLine:
            if recordHasContent || !fields.isEmpty {
                endField()
                try emitRecord(emit)
            }
        case .afterCarriageReturn:
            break
        }
        state = .fieldStart
    }

    // MARK: Helpers

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        materializeDirectRun()
        guard !fieldOverLimit else { return }
        if field.count + run.count > maxFieldBytes {
            fieldOverLimit = true
            field.removeAll(keepingCapacity: false)
            return
        }
        field.append(contentsOf: run)
    }

    private mutating func append(_ byte: UInt8) {
        materializeDirectRun()
        guard !fieldOverLimit else { return }
        if field.count + 1 > maxFieldBytes {
            fieldOverLimit = true
            field.removeAll(keepingCapacity: false)
            return
        }
        field.append(byte)
    }

    private mutating func endField() {
        let column = fields.count + 1
        if let run = directRun {
            directRun = nil
            if let text = String(validating: run, as: UTF8.self) {
                fields.append(text)
            } else {
                if problem == nil { problem = .invalidUTF8(column: column) }
                fields.append(String(decoding: run, as: UTF8.self))
            }
            state = .fieldStart
            return
        }
        if fieldOverLimit {
            if problem == nil { problem = .fieldTooLarge(column: column, limit: maxFieldBytes) }
            fields.append("")
        } else if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            if problem == nil { problem = .invalidUTF8(column: column) }
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        fieldOverLimit = false
        state = .fieldStart
    }

    /// Ends the record at a line break; `nextOffset` is where the next record starts.
    private mutating func endLine(crEnded: Bool, nextOffset: Int64, emit: (CSVRecord) throws -> Void) rethrows {
        if recordHasContent || !fields.isEmpty || state == .quoteInQuoted || state == .skippingLine {
            endField()
            try emitRecord(emit)
        }
        state = crEnded ? .afterCarriageReturn : .fieldStart
        recordOffset = nextOffset
    }

    private mutating func emitRecord(_ emit: (CSVRecord) throws -> Void) rethrows {
        let record = CSVRecord(offset: recordOffset, fields: fields, problem: problem)
        fields.removeAll(keepingCapacity: true)
        problem = nil
        recordHasContent = false
        try emit(record)
    }
}
