#include "CNGHTTP2.h"

// Declared weak so the shim links against an nghttp2 without these backported setters; the
// wrappers then report that the option could not be applied.
#pragma weak nghttp2_option_set_stream_reset_rate_limit
#pragma weak nghttp2_option_set_max_continuations

void nghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option, uint64_t burst,
                                                uint64_t rate);
void nghttp2_option_set_max_continuations(nghttp2_option *option, size_t val);

int cnghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option, uint64_t burst,
                                                uint64_t rate) {
    if (nghttp2_option_set_stream_reset_rate_limit == 0) {
        return 0;
    }
    nghttp2_option_set_stream_reset_rate_limit(option, burst, rate);
    return 1;
}

int cnghttp2_option_set_max_continuations(nghttp2_option *option, size_t max) {
    if (nghttp2_option_set_max_continuations == 0) {
        return 0;
    }
    nghttp2_option_set_max_continuations(option, max);
    return 1;
}
