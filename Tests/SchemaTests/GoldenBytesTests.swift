import Foundation
import InteropSupport
import Schema
import Testing

@Suite("Golden bytes against Python protobuf")
struct GoldenBytesTests {
    @Test("every message encoded by us decodes in Python to the same fields, and vice versa")
    func goldenBytesBothWays() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let writer = try PythonProcess(script: "golden.py", arguments: ["write", directory.path])
        #expect(await writer.finish().status == 0)
        for sample in GoldenSamples.all {
            let python = try Data(contentsOf: directory.appendingPathComponent("\(sample.name).py.bin"))
            #expect(try sample.decode(Array(python)), "Python's \(sample.name) decodes to our sample")
            try Data(sample.bytes).write(to: directory.appendingPathComponent("\(sample.name).swift.bin"))
        }
        let checker = try PythonProcess(script: "golden.py", arguments: ["check", directory.path])
        let result = await checker.finish()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.components(separatedBy: "OK ").count - 1 == GoldenSamples.all.count)
    }

    @Test("every message round-trips through our codec")
    func roundTrips() throws {
        for sample in GoldenSamples.all {
            #expect(try sample.decode(sample.bytes), "\(sample.name)")
        }
    }
}
