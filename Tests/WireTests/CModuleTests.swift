import CNGHTTP2
import COpenSSL
import Testing

@Suite("C modules")
struct CModuleTests {
    @Test("the installed nghttp2 has the rapid-reset and CONTINUATION limits (Debian backports)")
    func nghttp2AbuseOptions() {
        var option: OpaquePointer?
        nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        #expect(cnghttp2_option_set_stream_reset_rate_limit(option, 1000, 33) == 1)
        #expect(cnghttp2_option_set_max_continuations(option, 8) == 1)
    }

    @Test("OpenSSL macro wrappers work: minimum protocol version, memory BIO pending and EOF")
    func openSSLWrappers() {
        let context = SSL_CTX_new(TLS_method())
        defer { SSL_CTX_free(context) }
        #expect(copenssl_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1)

        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        let bytes: [UInt8] = [1, 2, 3, 4, 5]
        #expect(BIO_write(bio, bytes, 5) == 5)
        #expect(copenssl_BIO_pending(bio) == 5)
        var sink = [UInt8](repeating: 0, count: 8)
        #expect(BIO_read(bio, &sink, 8) == 5)
        // An empty memory BIO reads as "retry" (-1) until told to report EOF (0).
        #expect(BIO_read(bio, &sink, 8) == -1)
        _ = copenssl_BIO_set_mem_eof_return(bio, 0)
        #expect(BIO_read(bio, &sink, 8) == 0)
    }
}
