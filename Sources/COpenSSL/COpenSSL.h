#ifndef C_OPENSSL_H
#define C_OPENSSL_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

// Swift cannot call function-like macros; these wrap the ones the TLS layer needs (memory-BIO
// pumping and the TLS 1.2 floor HTTP/2 requires). TLS itself is a later issue.

static inline int copenssl_SSL_CTX_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

static inline size_t copenssl_BIO_pending(BIO *bio) {
    return (size_t)BIO_pending(bio);
}

static inline int copenssl_BIO_set_mem_eof_return(BIO *bio, int value) {
    return (int)BIO_set_mem_eof_return(bio, value);
}

#endif
