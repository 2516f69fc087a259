#ifndef EVENT_SOURCING_CCURL_H
#define EVENT_SOURCING_CCURL_H

#include <stddef.h>

/// What one exchange came to: the status and body of the answer, or an error.
typedef struct {
    /// 0: answered; 1: timed out; 2: any other failure (the reason is in `error`).
    int outcome;
    long status;
    unsigned char *body;
    size_t body_length;
    char error[256];
} es_curl_result;

/// POSTs `body` to `url` with `header_count` header lines ("Name: value", each NUL-terminated, one after another in
/// `headers`), blocking until the answer or `timeout_ms`. `ca_file`, when not NULL, is the PEM file of the certificates
/// a server's chain must end in, instead of the system's bundle. Connections are kept alive in a small pool of libcurl easy
/// handles shared by the process; libcurl sends a request again, once, on a fresh connection when a reused one dies
/// before any byte of the answer. The first call loads libcurl (`libcurl.so.4`; `libcurl.4.dylib` on Apple's systems)
/// with `dlopen`; when it cannot be loaded, lacks a function used here, is older than 7.85.0 or fails to initialise,
/// the call fails (`outcome` 2) saying so, and the next call tries again. Free the result with `es_curl_result_free`.
void es_curl_post(const char *url, const char *headers, size_t header_count, const unsigned char *body, size_t body_length,
                  long timeout_ms, const char *ca_file, es_curl_result *result);

/// Frees the body of a result.
void es_curl_result_free(es_curl_result *result);

#endif
