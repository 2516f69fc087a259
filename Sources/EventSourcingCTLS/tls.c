#include "EventSourcingCTLS.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* OpenSSL is loaded when TLS is first wanted, not linked: a process that talks plain HTTP never maps it, and the
   system's own OpenSSL 3 (Amazon Linux 2023's, Debian 12's) is the one used. Nor are its headers needed to build: what
   follows is the part of OpenSSL 3's interface used here, as its headers (3.0) declare it, fixed for the soname
   libssl.so.3. The functions are declared only to give each pointer below its type; none is called by name. */
static const char library_name[] = "libssl.so.3";

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef int (*SSL_verify_cb)(int preverify_ok, void *x509_ctx);

enum {
    SSL_CTRL_MODE = 33,
    SSL_CTRL_SET_READ_AHEAD = 41,
    SSL_CTRL_SET_TLSEXT_HOSTNAME = 55,
    SSL_CTRL_SET_MIN_PROTO_VERSION = 123,
    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2,
    TLSEXT_NAMETYPE_host_name = 0,
    TLS1_2_VERSION = 0x0303,
    SSL_VERIFY_PEER = 0x1,
    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS = 0x4,
    SSL_ERROR_WANT_READ = 2,
    SSL_ERROR_WANT_WRITE = 3,
    SSL_ERROR_SYSCALL = 5,
    SSL_ERROR_ZERO_RETURN = 6,
    X509_V_OK = 0,
};
static const uint64_t SSL_OP_IGNORE_UNEXPECTED_EOF = (uint64_t)1 << 7;

const SSL_METHOD *TLS_client_method(void);
SSL_CTX *SSL_CTX_new(const SSL_METHOD *method);
void SSL_CTX_free(SSL_CTX *context);
long SSL_CTX_ctrl(SSL_CTX *context, int command, long argument, void *pointer);
uint64_t SSL_CTX_set_options(SSL_CTX *context, uint64_t options);
void SSL_CTX_set_verify(SSL_CTX *context, int mode, SSL_verify_cb callback);
int SSL_CTX_load_verify_locations(SSL_CTX *context, const char *file, const char *directory);
int SSL_CTX_set_default_verify_paths(SSL_CTX *context);
SSL *SSL_new(SSL_CTX *context);
void SSL_free(SSL *connection);
int SSL_set_fd(SSL *connection, int fd);
long SSL_ctrl(SSL *connection, int command, long argument, void *pointer);
int SSL_set1_host(SSL *connection, const char *host);
void SSL_set_hostflags(SSL *connection, unsigned int flags);
X509_VERIFY_PARAM *SSL_get0_param(SSL *connection);
void SSL_set_connect_state(SSL *connection);
int SSL_do_handshake(SSL *connection);
int SSL_read(SSL *connection, void *buffer, int size);
int SSL_write(SSL *connection, const void *bytes, int size);
int SSL_get_error(const SSL *connection, int result);
int SSL_has_pending(const SSL *connection);
long SSL_get_verify_result(const SSL *connection);
int X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *parameters, const char *address);
const char *X509_verify_cert_error_string(long verdict);
unsigned long ERR_get_error(void);
void ERR_error_string_n(unsigned long code, char *buffer, size_t size);
void ERR_clear_error(void);

#define FUNCTIONS(X)                                                                                                   \
    X(TLS_client_method) X(SSL_CTX_new) X(SSL_CTX_free) X(SSL_CTX_ctrl) X(SSL_CTX_set_options) X(SSL_CTX_set_verify)    \
    X(SSL_CTX_load_verify_locations) X(SSL_CTX_set_default_verify_paths) X(SSL_new) X(SSL_free) X(SSL_set_fd)         \
    X(SSL_ctrl) X(SSL_set1_host) X(SSL_set_hostflags) X(SSL_get0_param) X(SSL_set_connect_state) X(SSL_do_handshake) X(SSL_read)           \
    X(SSL_write) X(SSL_get_error) X(SSL_has_pending) X(SSL_get_verify_result) X(X509_VERIFY_PARAM_set1_ip_asc)            \
    X(X509_verify_cert_error_string) X(ERR_get_error) X(ERR_error_string_n) X(ERR_clear_error)

#define DECLARE(name) __typeof__(name) *name;
static struct { FUNCTIONS(DECLARE) } ssl;
#undef DECLARE

static int loaded = 0; /* set once, under load_lock, when every function above is bound */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int load(char *error, size_t error_size) {
    if (loaded) return 1;
    void *library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(error, error_size, "HTTPS needs OpenSSL 3, and %s could not be loaded: %s", library_name,
                 reason ? reason : "no reason given");
        return 0;
    }
    /* libcrypto's functions are found through libssl, which depends on it. */
#define BIND(name)                                                                                                     \
    {                                                                                                                  \
        void *address = dlsym(library, #name);                                                                         \
        if (!address) {                                                                                                \
            snprintf(error, error_size, "%s has no function %s", library_name, #name);                                 \
            dlclose(library);                                                                                          \
            return 0;                                                                                                  \
        }                                                                                                              \
        memcpy(&ssl.name, &address, sizeof address);                                                                   \
    }
    FUNCTIONS(BIND)
#undef BIND
    /* OpenSSL writes with write(2), which raises SIGPIPE when the peer has gone: a process that left SIGPIPE at its
       default would die of a connection DynamoDB closed. So it is ignored (the write fails with EPIPE instead),
       unless the process has a handler of its own. */
    struct sigaction current;
    if (sigaction(SIGPIPE, NULL, &current) == 0 && !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    loaded = 1;
    return 1;
}

int es_tls_load(char *error, size_t error_size) {
    pthread_mutex_lock(&load_lock);
    int ready = load(error, error_size);
    pthread_mutex_unlock(&load_lock);
    return ready ? 0 : -1;
}

/* The reason for the last failure on this thread: OpenSSL's error queue, else `fallback`. */
static void describe(const char *fallback, char *error, size_t error_size) {
    unsigned long code = ssl.ERR_get_error();
    if (code == 0) {
        snprintf(error, error_size, "%s", fallback);
        return;
    }
    char reason[200];
    ssl.ERR_error_string_n(code, reason, sizeof reason);
    snprintf(error, error_size, "%s: %s", fallback, reason);
}

es_tls_context *es_tls_context_new(const char *ca_file, char *error, size_t error_size) {
    ssl.ERR_clear_error();
    SSL_CTX *context = ssl.SSL_CTX_new(ssl.TLS_client_method());
    if (!context) {
        describe("no TLS context", error, error_size);
        return NULL;
    }
    if (ssl.SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL) != 1) {
        describe("TLS 1.2 could not be made the oldest version allowed", error, error_size);
        ssl.SSL_CTX_free(context);
        return NULL;
    }
    /* A write retried after a full buffer may come from another address (a Swift array's storage). */
    ssl.SSL_CTX_ctrl(context, SSL_CTRL_MODE, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, NULL);
    /* Read what the socket has, not a record's header and then its body: one read() an answer instead of four. */
    ssl.SSL_CTX_ctrl(context, SSL_CTRL_SET_READ_AHEAD, 1, NULL);
    /* A peer that closes without close_notify ends the stream like any other close: the HTTP framing says whether the
       answer was whole. */
    ssl.SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    ssl.SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    int trusted = ca_file ? ssl.SSL_CTX_load_verify_locations(context, ca_file, NULL)
                          : ssl.SSL_CTX_set_default_verify_paths(context);
    if (trusted != 1) {
        char fallback[300];
        snprintf(fallback, sizeof fallback, "the certificates to trust could not be read from %s",
                 ca_file ? ca_file : "the system's default store");
        describe(fallback, error, error_size);
        ssl.SSL_CTX_free(context);
        return NULL;
    }
    return (es_tls_context *)context;
}

void es_tls_context_free(es_tls_context *context) { ssl.SSL_CTX_free((SSL_CTX *)context); }

es_tls *es_tls_new(es_tls_context *context, int fd, const char *host, int is_address, char *error, size_t error_size) {
    if (!host || !*host) {
        snprintf(error, error_size, "TLS needs the server's name or address");
        return NULL;
    }
    ssl.ERR_clear_error();
    SSL *connection = ssl.SSL_new((SSL_CTX *)context);
    if (!connection) {
        describe("no TLS connection", error, error_size);
        return NULL;
    }
    int ready = ssl.SSL_set_fd(connection, fd) == 1;
    if (ready && is_address) {
        /* Checked against the certificate's IP addresses, and not sent as SNI (RFC 6066). */
        ready = ssl.X509_VERIFY_PARAM_set1_ip_asc(ssl.SSL_get0_param(connection), host) == 1;
    } else if (ready) {
        /* Checked against the certificate's names, a wildcard only as a whole label (as Python and browsers do). */
        ssl.SSL_set_hostflags(connection, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        ready = ssl.SSL_ctrl(connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host) == 1 &&
                ssl.SSL_set1_host(connection, host) == 1;
    }
    if (!ready) {
        describe("the TLS connection could not be set up", error, error_size);
        ssl.SSL_free(connection);
        return NULL;
    }
    ssl.SSL_set_connect_state(connection);
    return (es_tls *)connection;
}

/* What a failed call `result` of `operation` came to: a want, 0 for the peer's close, or es_tls_failed with why. */
static long outcome(SSL *connection, int result, const char *operation, char *error, size_t error_size) {
    int saved = errno;
    switch (ssl.SSL_get_error(connection, result)) {
    case SSL_ERROR_WANT_READ: return es_tls_want_read;
    case SSL_ERROR_WANT_WRITE: return es_tls_want_write;
    case SSL_ERROR_ZERO_RETURN: return 0;
    case SSL_ERROR_SYSCALL:
        if (ssl.ERR_get_error() == 0 && saved == 0) return 0; /* the socket ended */
        snprintf(error, error_size, "TLS %s failed: %s", operation, saved ? strerror(saved) : "a system call failed");
        return es_tls_failed;
    default: {
        long verdict = ssl.SSL_get_verify_result(connection);
        if (verdict != X509_V_OK) {
            snprintf(error, error_size, "the server's certificate was refused: %s",
                     ssl.X509_verify_cert_error_string(verdict));
            return es_tls_failed;
        }
        char fallback[64];
        snprintf(fallback, sizeof fallback, "TLS %s failed", operation);
        describe(fallback, error, error_size);
        return es_tls_failed;
    }
    }
}

int es_tls_handshake(es_tls *tls, char *error, size_t error_size) {
    SSL *connection = (SSL *)tls;
    ssl.ERR_clear_error();
    errno = 0;
    int result = ssl.SSL_do_handshake(connection);
    if (result == 1) {
        /* SSL_VERIFY_PEER already fails a handshake whose chain or name does not verify; checked again all the same. */
        long verdict = ssl.SSL_get_verify_result(connection);
        if (verdict == X509_V_OK) return 1;
        snprintf(error, error_size, "the server's certificate was refused: %s", ssl.X509_verify_cert_error_string(verdict));
        return es_tls_failed;
    }
    long step = outcome(connection, result, "handshake", error, error_size);
    if (step == 0) {
        snprintf(error, error_size, "the server closed the connection during the TLS handshake");
        return es_tls_failed;
    }
    return (int)step;
}

long es_tls_read(es_tls *tls, void *buffer, size_t size, char *error, size_t error_size) {
    SSL *connection = (SSL *)tls;
    ssl.ERR_clear_error();
    errno = 0;
    int result = ssl.SSL_read(connection, buffer, size > 1 << 30 ? 1 << 30 : (int)size);
    return result > 0 ? result : outcome(connection, result, "read", error, error_size);
}

long es_tls_write(es_tls *tls, const void *bytes, size_t size, char *error, size_t error_size) {
    SSL *connection = (SSL *)tls;
    ssl.ERR_clear_error();
    errno = 0;
    int result = ssl.SSL_write(connection, bytes, size > 1 << 30 ? 1 << 30 : (int)size);
    if (result > 0) return result;
    long step = outcome(connection, result, "write", error, error_size);
    if (step == 0) {
        snprintf(error, error_size, "the server closed the TLS connection");
        return es_tls_failed;
    }
    return step;
}

int es_tls_pending(es_tls *tls) { return ssl.SSL_has_pending((SSL *)tls); }

void es_tls_free(es_tls *tls) { ssl.SSL_free((SSL *)tls); }
