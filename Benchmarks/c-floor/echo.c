/*
 * The floor for runtime benchmarks: the least a Lambda runtime client can do.
 * One keep-alive TCP connection, TCP_NODELAY, GET /next, echo the body to /response, repeat.
 * An event holding "stream":["a","b",...] (plain strings) is answered as a streamed response instead: the head with
 * the first chunk, then one send per chunk, then the last chunk, as EchoFunction streams it.
 * No JSON, no logging, no error handling beyond exiting.
 */
#define _GNU_SOURCE
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static char buffer[8 * 1024 * 1024];
static size_t used;

static void die(const char *what) { perror(what); exit(1); }

static void send_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
        if (n <= 0) die("send");
        data += n;
        length -= (size_t)n;
    }
}

/* Reads one HTTP response; returns the body pointer and length, and the request id header if present. */
static char *read_response(int fd, size_t *body_length, char *request_id, size_t id_size) {
    char *end;
    for (;;) {
        buffer[used] = 0;
        if ((end = strstr(buffer, "\r\n\r\n")) != NULL) break;
        ssize_t n = recv(fd, buffer + used, sizeof buffer - used - 1, 0);
        if (n <= 0) die("recv");
        used += (size_t)n;
    }
    size_t head = (size_t)(end - buffer) + 4, length = 0;
    for (char *line = strstr(buffer, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) length = strtoul(line + 15, NULL, 10);
        if (request_id && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
            char *value = line + 30, *stop = strstr(value, "\r\n");
            while (*value == ' ') value++;
            size_t n = (size_t)(stop - value) < id_size - 1 ? (size_t)(stop - value) : id_size - 1;
            memcpy(request_id, value, n);
            request_id[n] = 0;
        }
    }
    while (used < head + length) {
        ssize_t n = recv(fd, buffer + used, sizeof buffer - used - 1, 0);
        if (n <= 0) die("recv");
        used += (size_t)n;
    }
    *body_length = length;
    return buffer + head;
}

static void consume(size_t count) {
    memmove(buffer, buffer + count, used - count);
    used -= count;
}

static char request[8 * 1024 * 1024 + 512];

/* Streams the strings of the event's "stream" array, one chunk each; 0 when the event has none. */
static int stream_response(int fd, const char *api, const char *id, const char *body, size_t length) {
    const char *p = memmem(body, length, "\"stream\":[", 10), *end = body + length;
    if (!p) return 0;
    p += 10;
    int n = snprintf(request, sizeof request,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                     "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                     "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n", id, api);
    for (;;) {
        const char *open = memchr(p, '"', (size_t)(end - p)), *bracket = memchr(p, ']', (size_t)(end - p));
        if (!open || (bracket && bracket < open)) break;
        const char *close = memchr(open + 1, '"', (size_t)(end - open - 1));
        if (!close) break;
        size_t count = (size_t)(close - open - 1);
        n += snprintf(request + n, sizeof request - (size_t)n, "%zx\r\n", count);
        memcpy(request + n, open + 1, count);
        memcpy(request + n + count, "\r\n", 2);
        send_all(fd, request, (size_t)n + count + 2);
        n = 0;
        p = close + 1;
    }
    send_all(fd, "0\r\n\r\n", 5);
    return 1;
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) { fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n"); return 1; }
    char host[256];
    const char *colon = strrchr(api, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - api), api);
    struct addrinfo hints = {0}, *info;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &info) != 0) die("getaddrinfo");
    int fd = socket(info->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, info->ai_addr, info->ai_addrlen) != 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    char request_id[128];
    for (;;) {
        int n = snprintf(request, sizeof request, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
        send_all(fd, request, (size_t)n);
        size_t length;
        request_id[0] = 0;
        char *body = read_response(fd, &length, request_id, sizeof request_id);
        if (stream_response(fd, api, request_id, body, length)) {
            consume((size_t)(body - buffer) + length);
            body = read_response(fd, &length, NULL, 0);
            consume((size_t)(body - buffer) + length);
            continue;
        }
        n = snprintf(request, sizeof request,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\nContent-Length: %zu\r\n\r\n",
                     request_id, api, length);
        memcpy(request + n, body, length);
        consume((size_t)(body - buffer) + length);
        send_all(fd, request, (size_t)n + length);
        body = read_response(fd, &length, NULL, 0);
        consume((size_t)(body - buffer) + length);
    }
}
