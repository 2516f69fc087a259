#ifndef EVENT_SOURCING_CTLS_H
#define EVENT_SOURCING_CTLS_H

#include <stddef.h>

/// A client TLS configuration (OpenSSL's `SSL_CTX`): what a server's chain must end in.
typedef struct es_tls_context es_tls_context;
/// One TLS client connection (OpenSSL's `SSL`) over a connected, non-blocking socket.
typedef struct es_tls es_tls;

/// What a step of a connection came to, when it did not move bytes.
enum {
    /// The socket must become readable before the step can go on (`poll` for `POLLIN`, then call again).
    es_tls_want_read = -1,
    /// The socket must become writable before the step can go on (`poll` for `POLLOUT`, then call again).
    es_tls_want_write = -2,
    /// The connection failed; the reason is in the caller's error buffer.
    es_tls_failed = -3,
};

/// Loads OpenSSL 3 (`libssl.so.3`, which brings `libcrypto.so.3`) with `dlopen` and binds the functions used here.
/// Returns 0 when it is ready (at once after the first success), else -1 with the reason in `error`; a failure is not
/// remembered, so a later call tries again. Safe to call from any thread. Once loaded, SIGPIPE is ignored if it was
/// at its default (OpenSSL writes with write(2); a peer's close then fails the write instead of ending the process).
int es_tls_load(char *error, size_t error_size);

/// A client context: TLS 1.2 or newer, the peer's chain verified against the PEM file `ca_file`, or against the
/// system's default store when `ca_file` is NULL. NULL on failure, with the reason in `error`. Needs `es_tls_load`.
es_tls_context *es_tls_context_new(const char *ca_file, char *error, size_t error_size);

/// Frees a context; connections made from it keep what they need.
void es_tls_context_free(es_tls_context *context);

/// A client connection on `fd` (connected, non-blocking) to `host`: when `is_address` is 0, a DNS name, sent as SNI and
/// checked against the certificate's names; else an IP address (v4 or v6, as text), checked against its IP addresses.
/// The caller decides which, the same way it decided what to connect to. NULL on failure (an empty host included),
/// with the reason in `error`. The handshake happens in `es_tls_handshake`.
es_tls *es_tls_new(es_tls_context *context, int fd, const char *host, int is_address, char *error, size_t error_size);

/// Advances the handshake: 1 when it is done and the peer verified, else `es_tls_want_read`, `es_tls_want_write` or
/// `es_tls_failed` (a verification failure names the certificate's fault).
int es_tls_handshake(es_tls *tls, char *error, size_t error_size);

/// Reads up to `size` decrypted bytes: their count, 0 when the peer closed the connection, or `es_tls_want_read`,
/// `es_tls_want_write`, `es_tls_failed`.
long es_tls_read(es_tls *tls, void *buffer, size_t size, char *error, size_t error_size);

/// Writes up to `size` bytes: how many were taken (all of them unless the socket's buffer filled), or
/// `es_tls_want_read`, `es_tls_want_write`, `es_tls_failed`. After a want, call again with the same bytes.
long es_tls_write(es_tls *tls, const void *bytes, size_t size, char *error, size_t error_size);

/// 1 when bytes already read from the socket wait in OpenSSL's buffers (so `es_tls_read` may return without the socket
/// becoming readable), else 0.
int es_tls_pending(es_tls *tls);

/// Frees a connection without a closing handshake (the socket's close ends it); the caller closes `fd`.
void es_tls_free(es_tls *tls);

#endif
