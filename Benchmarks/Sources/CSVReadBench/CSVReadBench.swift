import Foundation
import Pipeline

/// Reads a CSV file with the pipeline's reader and prints `rows fields seconds`.
@main
struct CSVReadBench {
    static func main() throws {
        let path = CommandLine.arguments[1]
        let started = ContinuousClock.now
        var rows = 0
        var fields = 0
        try CSVFileReader(path: path).forEachRow { row in
            rows += 1
            fields += row.fields.count
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("\(rows) \(fields) \(seconds)")
    }
}
