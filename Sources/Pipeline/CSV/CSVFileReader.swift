import Foundation

/// Reads a CSV file from disk in chunks: a header row, then numbered data rows.
///
/// Memory is bounded by the chunk size and the field limit, whatever the file size. Every row
/// carries its byte offset, so it can be read again later (`record(at:)`) for export or retry.
/// Malformed rows are reported with their problem and reading goes on; a quote left open makes
/// the parser run to the end of the file, after which reading resumes on the line after it.
public struct CSVFileReader: Sendable {
    /// Limits for reading.
    public struct Configuration: Sendable {
        /// Largest field kept, in bytes; larger fields make the row malformed.
        public var maxFieldBytes: Int
        /// Bytes read from disk at a time.
        public var chunkSize: Int

        /// 1 MiB fields, 256 KiB reads.
        public static var defaults: Configuration { Configuration(maxFieldBytes: 1 << 20, chunkSize: 256 << 10) }

        public init(maxFieldBytes: Int, chunkSize: Int) {
            self.maxFieldBytes = maxFieldBytes
            self.chunkSize = chunkSize
        }
    }

    /// A data row: row numbers count from 1 (the header is row 0); blank lines are not rows.
    public struct Row: Sendable, Equatable {
        public var number: Int
        public var offset: Int64
        public var fields: [String]
        public var problem: CSVProblem?
    }

    /// Why the file as a whole cannot be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotOpen(path: String)
        case empty
        case malformedHeader(CSVProblem)

        public var description: String {
            switch self {
            case .cannotOpen(let path): return "cannot open \(path)"
            case .empty: return "the file has no header row"
            case .malformedHeader(let problem): return "the header row is malformed: \(problem)"
            }
        }
    }

    public let path: String
    public let configuration: Configuration

    public init(path: String, configuration: Configuration = .defaults) {
        self.path = path
        self.configuration = configuration
    }

    /// Reads the whole file, handing every data row to `body` in order.
    /// - Returns: the header.
    @discardableResult
    public func forEachRow(_ body: (Row) throws -> Void) throws -> [String] {
        let rows = try makeRowIterator()
        while let row = try rows.next() { try body(row) }
        return rows.header
    }

    /// Opens the file and reads the header; the iterator then pulls rows one at a time.
    public func makeRowIterator() throws -> RowIterator {
        guard let file = FileHandle(forReadingAtPath: path) else { throw Failure.cannotOpen(path: path) }
        return try RowIterator(file: file, configuration: configuration)
    }

    /// Reads the one record that starts at `offset` (a row's `offset`), for export or retry.
    public func record(at offset: Int64) throws -> CSVRecord? {
        guard let file = FileHandle(forReadingAtPath: path) else { throw Failure.cannotOpen(path: path) }
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(offset))
        var parser = CSVParser(maxFieldBytes: configuration.maxFieldBytes, startOffset: offset)
        var found: CSVRecord?
        while found == nil, let chunk = try file.read(upToCount: 64 << 10), !chunk.isEmpty {
            chunk.withUnsafeBytes { bytes in
                parser.feed(bytes) { record in if found == nil { found = record } }
            }
        }
        if found == nil { parser.finish { record in found = record } }
        return found
    }
}
