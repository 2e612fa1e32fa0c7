import Foundation
import InteropSupport
import Pipeline
import Testing

@Suite("CSV reader against Python's csv module")
struct CSVOracleTests {
    @Test("generated tricky files read the same as csv.reader, whatever the read size", arguments: [1, 7, 4096])
    func matchesPython(chunkSize: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-oracle-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 60
        let generator = try PythonProcess(script: "csv_oracle.py", arguments: [directory.path, "\(count)", "\(chunkSize)"])
        #expect(await generator.finish().status == 0)
        for n in 0..<count {
            let expected = try JSONDecoder().decode(
                [[String]].self, from: Data(contentsOf: directory.appendingPathComponent("\(n).json")))
            let reader = CSVFileReader(
                path: directory.appendingPathComponent("\(n).csv").path,
                configuration: .init(maxFieldBytes: 1 << 20, chunkSize: chunkSize))
            var rows: [[String]] = []
            let header = try reader.forEachRow { row in
                #expect(row.problem == nil, "file \(n) row \(row.number): \(String(describing: row.problem))")
                rows.append(row.fields)
            }
            #expect([header] + rows == expected, "file \(n)")
        }
    }
}
