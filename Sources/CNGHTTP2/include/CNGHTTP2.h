#ifndef CNGHTTP2_H
#define CNGHTTP2_H

#include <nghttp2/nghttp2.h>

/// Sets nghttp2's incoming RST_STREAM token bucket (CVE-2023-44487, rapid reset) when the
/// installed library has it (upstream 1.57+, Debian 1.52.0-1+deb12u1+). Returns 1 if applied.
int cnghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option, uint64_t burst,
                                                uint64_t rate);

/// Sets the cap on CONTINUATION frames per header block (CVE-2024-28182) when the installed
/// library has it (upstream 1.61+, Debian 1.52.0-1+deb12u2+). Returns 1 if applied.
int cnghttp2_option_set_max_continuations(nghttp2_option *option, size_t max);

#endif
