/// The `grpc-timeout` request header: at most eight ASCII digits and a unit letter.
public enum GRPCTimeout {
    /// Parses a header value into nanoseconds, or nil when it is not a valid timeout.
    public static func parse(_ value: String) -> Int64? {
        let utf8 = Array(value.utf8)
        guard utf8.count >= 2, utf8.count <= 9 else { return nil }
        var amount: Int64 = 0
        for digit in utf8.dropLast() {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        let nanosecondsPerUnit: Int64
        switch utf8.last! {
        case UInt8(ascii: "H"): nanosecondsPerUnit = 3_600_000_000_000
        case UInt8(ascii: "M"): nanosecondsPerUnit = 60_000_000_000
        case UInt8(ascii: "S"): nanosecondsPerUnit = 1_000_000_000
        case UInt8(ascii: "m"): nanosecondsPerUnit = 1_000_000
        case UInt8(ascii: "u"): nanosecondsPerUnit = 1_000
        case UInt8(ascii: "n"): nanosecondsPerUnit = 1
        default: return nil
        }
        let (product, overflow) = amount.multipliedReportingOverflow(by: nanosecondsPerUnit)
        return overflow ? Int64.max : product
    }

    /// Formats a duration for the header, choosing the finest unit that fits in eight digits.
    public static func format(nanoseconds: Int64) -> String {
        let value = max(nanoseconds, 0)
        let units: [(Int64, Character)] = [
            (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"),
            (3_600_000_000_000, "H"),
        ]
        for (size, letter) in units {
            let amount = (value + size - 1) / size
            if amount <= 99_999_999 { return "\(amount)\(letter)" }
        }
        return "99999999H"
    }
}
