/// The JSON body of one request: `{"upload_id": "...", "rows": [{"_row": 17, "<field>": value}]}`.
enum BatchBody {
    static func encode(uploadID: String, rows: [MappedRow]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 96 + 64)
        out.append(contentsOf: #"{"upload_id":"#.utf8)
        appendString(uploadID, to: &out)
        out.append(contentsOf: #","rows":["#.utf8)
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"_row":"#.utf8)
            out.append(contentsOf: String(row.number).utf8)
            for field in row.fields {
                out.append(UInt8(ascii: ","))
                appendString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(field.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    private static func appendValue(_ value: FieldValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .number(let number): out.append(contentsOf: "\(number)".utf8)
        case .boolean(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    private static func appendString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
