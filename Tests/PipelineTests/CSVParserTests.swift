import Foundation
import Pipeline
import Testing

@Suite("CSV parser")
struct CSVParserTests {
    private func parse(_ chunks: [[UInt8]], maxFieldBytes: Int = 1 << 20) -> [CSVRecord] {
        var parser = CSVParser(maxFieldBytes: maxFieldBytes)
        var records: [CSVRecord] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { parser.feed($0) { records.append($0) } }
        }
        parser.finish { records.append($0) }
        return records
    }

    static let tricky = Array("\u{FEFF}h1,h2\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x\n\nlast,\r".utf8)

    @Test("every split into two pieces yields the same records and offsets")
    func everySplit() {
        let whole = parse([Self.tricky])
        #expect(whole.map(\.fields) == [["h1", "h2"], ["a,b", "say \"hi\""], ["multi\nline", "x"], ["last", ""]])
        #expect(whole.map(\.offset) == [3, 10, 30, 46])
        for cut in 0...Self.tricky.count {
            #expect(parse([Array(Self.tricky[..<cut]), Array(Self.tricky[cut...])]) == whole, "cut at \(cut)")
        }
    }

    @Test("a byte at a time yields the same records")
    func byteAtATime() {
        #expect(parse(Self.tricky.map { [$0] }) == parse([Self.tricky]))
    }

    @Test("offsets let a record be parsed again from the middle of the file")
    func reparseFromOffset() {
        let records = parse([Self.tricky])
        for record in records {
            var parser = CSVParser(startOffset: record.offset)
            var again: CSVRecord?
            Array(Self.tricky[Int(record.offset)...]).withUnsafeBytes { bytes in
                parser.feed(bytes) { if again == nil { again = $0 } }
            }
            parser.finish { if again == nil { again = $0 } }
            #expect(again == record)
        }
    }

    @Test("malformed fields are reported with their column")
    func problems() {
        #expect(parse([Array("a,\"b\"c,d\nnext\n".utf8)]).map(\.problem) == [.characterAfterClosingQuote(column: 2), nil])
        #expect(parse([Array("a,\"open\nmore\n".utf8)]).first?.problem == .unbalancedQuote(column: 2))
        #expect(parse([[0x61, 0x2C, 0xC3, 0x28, 0x0A]]).first?.problem == .invalidUTF8(column: 2))
        let big = parse([Array("ok,\(String(repeating: "x", count: 20))\nnext\n".utf8)], maxFieldBytes: 10)
        #expect(big.map(\.problem) == [.fieldTooLarge(column: 2, limit: 10), nil])
        #expect(big.last?.fields == ["next"])
    }
}
