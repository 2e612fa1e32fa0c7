import Foundation

extension CSVFileReader {
    /// Pulls data rows from a CSV file one at a time, reading the file in chunks as needed.
    ///
    /// Holds one chunk's worth of parsed records at most. When a quote left open swallowed the
    /// rest of the file, reading resumes on the line after the row that opened it. Closes the
    /// file when done or when released.
    public final class RowIterator {
        /// The header row.
        public private(set) var header: [String] = []
        private let file: FileHandle
        private let configuration: Configuration
        private var parser: CSVParser
        private var pending: [CSVRecord] = []
        private var pendingIndex = 0
        private var rowNumber = 0
        private var atEnd = false
        private var segmentStart: Int64 = 0

        init(file: FileHandle, configuration: Configuration) throws {
            self.file = file
            self.configuration = configuration
            self.parser = CSVParser(maxFieldBytes: configuration.maxFieldBytes)
            guard let first = try nextRecord() else { throw Failure.empty }
            if let problem = first.problem { throw Failure.malformedHeader(problem) }
            header = first.fields
        }

        deinit {
            try? file.close()
        }

        /// The next data row, or nil at the end of the file.
        public func next() throws -> Row? {
            guard let record = try nextRecord() else { return nil }
            var problem = record.problem
            if problem == nil, record.fields.count != header.count {
                problem = .wrongColumnCount(expected: header.count, actual: record.fields.count)
            }
            if case .unbalancedQuote = problem {
                try restart(at: lineEnd(after: record.offset))
            }
            rowNumber += 1
            return Row(number: rowNumber, offset: record.offset, fields: record.fields, problem: problem)
        }

        private func nextRecord() throws -> CSVRecord? {
            while pendingIndex == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                if atEnd { return nil }
                if let chunk = try file.read(upToCount: configuration.chunkSize), !chunk.isEmpty {
                    chunk.withUnsafeBytes { bytes in parser.feed(bytes) { pending.append($0) } }
                } else {
                    parser.finish { pending.append($0) }
                    atEnd = true
                }
            }
            defer { pendingIndex += 1 }
            return pending[pendingIndex]
        }

        /// Parses again from `offset`, dropping whatever was parsed after it.
        private func restart(at offset: Int64) throws {
            guard offset > segmentStart else { return }
            segmentStart = offset
            try file.seek(toOffset: UInt64(offset))
            parser = CSVParser(maxFieldBytes: configuration.maxFieldBytes, startOffset: offset)
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            atEnd = false
        }

        /// The offset just after the first line break at or after `offset` (the file's end if none).
        private func lineEnd(after offset: Int64) throws -> Int64 {
            try file.seek(toOffset: UInt64(offset))
            var position = offset
            while let chunk = try file.read(upToCount: 64 << 10), !chunk.isEmpty {
                if let index = chunk.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                    var end = position + Int64(index - chunk.startIndex) + 1
                    let next = chunk.index(after: index)
                    if chunk[index] == UInt8(ascii: "\r"), next < chunk.endIndex, chunk[next] == UInt8(ascii: "\n") {
                        end += 1
                    }
                    return end
                }
                position += Int64(chunk.count)
            }
            return position
        }
    }
}
