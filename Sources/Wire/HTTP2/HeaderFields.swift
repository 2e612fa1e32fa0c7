import CNGHTTP2

/// An ordered list of HTTP/2 header fields, laid out so nghttp2 can read them as `nghttp2_nv`.
///
/// All names and values are packed into one byte buffer; `withNameValuePairs` builds the
/// `nghttp2_nv` array pointing into it for the duration of one submit call (nghttp2 copies them).
struct HeaderFields {
    private var storage: [UInt8] = []
    private var spans: [(nameStart: Int, nameLength: Int, valueStart: Int, valueLength: Int)] = []

    init() {
        storage.reserveCapacity(256)
        spans.reserveCapacity(8)
    }

    init(_ fields: [(String, String)]) {
        self.init()
        for (name, value) in fields { add(name, value) }
    }

    var isEmpty: Bool { spans.isEmpty }

    mutating func add(_ name: String, _ value: String) {
        let nameStart = storage.count
        storage.append(contentsOf: name.utf8)
        let valueStart = storage.count
        storage.append(contentsOf: value.utf8)
        spans.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
    }

    mutating func add(_ metadata: Metadata) {
        for field in metadata.headerFields { add(field.name, field.value) }
    }

    func withNameValuePairs<R>(_ body: (UnsafePointer<nghttp2_nv>, Int) -> R) -> R {
        storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeMutablePointer(mutating: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            var pairs = [nghttp2_nv]()
            pairs.reserveCapacity(spans.count)
            for span in spans {
                pairs.append(
                    nghttp2_nv(
                        name: base + span.nameStart, value: base + span.valueStart,
                        namelen: span.nameLength, valuelen: span.valueLength,
                        flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)))
            }
            return pairs.withUnsafeBufferPointer { body($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
        }
    }
}
