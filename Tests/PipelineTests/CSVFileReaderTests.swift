import Foundation
import Pipeline
import Testing

@Suite("CSV file reader")
struct CSVFileReaderTests {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID()).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("bad rows are reported with row number and problem, and the rest of the file is read")
    func badRowsDoNotStopTheFile() throws {
        let path = try write(
            "id,name\n1,ok\n2,too,many\n3,\"bad\"x\n4,\"caf\u{E9}\"\n5,\"never closed\n6,after\n7,end\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rows: [CSVFileReader.Row] = []
        let header = try CSVFileReader(path: path).forEachRow { rows.append($0) }
        #expect(header == ["id", "name"])
        #expect(rows.map(\.number) == Array(1...7))
        #expect(rows.map { $0.fields.first ?? "" } == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(rows[0].problem == nil)
        #expect(rows[1].problem == .wrongColumnCount(expected: 2, actual: 3))
        #expect(rows[2].problem == .characterAfterClosingQuote(column: 2))
        #expect(rows[3].problem == nil && rows[3].fields == ["4", "caf\u{E9}"])
        #expect(rows[4].problem == .unbalancedQuote(column: 2))
        #expect(rows[5].fields == ["6", "after"] && rows[5].problem == nil)
        #expect(rows[6].fields == ["7", "end"])
    }

    @Test("a row can be read again from its offset")
    func readAgain() throws {
        let path = try write("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = CSVFileReader(path: path)
        var rows: [CSVFileReader.Row] = []
        try reader.forEachRow { rows.append($0) }
        for row in rows {
            #expect(try reader.record(at: row.offset)?.fields == row.fields)
        }
    }

    @Test("an empty file and a malformed header are file-level failures")
    func fileFailures() throws {
        let empty = try write("")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: CSVFileReader.Failure.empty) { try CSVFileReader(path: empty).forEachRow { _ in } }
        let badHeader = try write("a,\"b\"c\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: badHeader) }
        #expect(throws: CSVFileReader.Failure.malformedHeader(.characterAfterClosingQuote(column: 2))) {
            try CSVFileReader(path: badHeader).forEachRow { _ in }
        }
        #expect(throws: CSVFileReader.Failure.cannotOpen(path: "/nonexistent.csv")) {
            try CSVFileReader(path: "/nonexistent.csv").forEachRow { _ in }
        }
    }
}
