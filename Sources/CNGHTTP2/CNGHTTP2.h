#ifndef CNGHTTP2_H
#define CNGHTTP2_H

#include <nghttp2/nghttp2.h>

// Declared weak so the module links against an nghttp2 without these backported setters; the
// wrappers then report that the option could not be applied.
#pragma weak nghttp2_option_set_stream_reset_rate_limit
#pragma weak nghttp2_option_set_max_continuations
void nghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option, uint64_t burst, uint64_t rate);
void nghttp2_option_set_max_continuations(nghttp2_option *option, size_t val);

/// Sets nghttp2's incoming RST_STREAM token bucket (CVE-2023-44487, rapid reset) when the
/// installed library has it (upstream 1.57+, Debian 1.52.0-1+deb12u1+). Returns 1 if applied.
static inline int cnghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option, uint64_t burst,
                                                              uint64_t rate) {
    if (nghttp2_option_set_stream_reset_rate_limit == 0) {
        return 0;
    }
    nghttp2_option_set_stream_reset_rate_limit(option, burst, rate);
    return 1;
}

/// Sets the cap on CONTINUATION frames per header block (CVE-2024-28182) when the installed
/// library has it (upstream 1.61+, Debian 1.52.0-1+deb12u2+). Returns 1 if applied.
static inline int cnghttp2_option_set_max_continuations(nghttp2_option *option, size_t max) {
    if (nghttp2_option_set_max_continuations == 0) {
        return 0;
    }
    nghttp2_option_set_max_continuations(option, max);
    return 1;
}

#endif
