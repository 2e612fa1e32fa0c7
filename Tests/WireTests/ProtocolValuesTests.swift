import Testing
@testable import Wire

@Suite("grpc-timeout, grpc-message and metadata values")
struct ProtocolValuesTests {
    @Test("timeouts parse in every unit")
    func parseTimeouts() {
        #expect(GRPCTimeout.parse("1H") == 3_600_000_000_000)
        #expect(GRPCTimeout.parse("2M") == 120_000_000_000)
        #expect(GRPCTimeout.parse("3S") == 3_000_000_000)
        #expect(GRPCTimeout.parse("4m") == 4_000_000)
        #expect(GRPCTimeout.parse("5u") == 5_000)
        #expect(GRPCTimeout.parse("99999999n") == 99_999_999)
    }

    @Test("malformed timeouts are rejected", arguments: ["", "S", "1", "123456789S", "1s", "-1S", "1.5S", " 1S"])
    func rejectTimeouts(_ value: String) {
        #expect(GRPCTimeout.parse(value) == nil)
    }

    @Test("formatted timeouts fit eight digits and parse back to at least the duration")
    func formatTimeouts() {
        for nanoseconds: Int64 in [1, 999, 100_000_000_000, 10_000_000_000_000_000] {
            let text = GRPCTimeout.format(nanoseconds: nanoseconds)
            #expect(text.count <= 9)
            #expect(GRPCTimeout.parse(text)! >= nanoseconds)
        }
    }

    @Test("grpc-message percent-encoding round-trips and leaves printable ASCII alone")
    func percentEncoding() {
        let message = "\t\ntest with whitespace\r\nand Unicode BMP \u{263A} and non-BMP \u{1F608}\t\n 100%"
        let encoded = StatusMessageEncoding.encode(message)
        #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(StatusMessageEncoding.decode(encoded) == message)
        #expect(StatusMessageEncoding.encode("plain text") == "plain text")
        #expect(StatusMessageEncoding.decode("bad %zz and %4") == "bad %zz and %4")
    }

    @Test("-bin metadata is base64 without padding, accepts padding and comma-joined values")
    func binaryMetadata() {
        var metadata = Metadata()
        metadata.add("x-bin", binary: [0xAB, 0xAB, 0xAB, 0xAB])
        #expect(metadata.headerFields.first?.value == "q6urqw")
        var received = Metadata()
        received.appendHeaderField(name: "x-bin", value: "q6urqw==,AQ")
        #expect(received.binaryValues("x-bin") == [[0xAB, 0xAB, 0xAB, 0xAB], [1]])
    }
}
