#ifndef C_OPENSSL_H
#define C_OPENSSL_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#endif
