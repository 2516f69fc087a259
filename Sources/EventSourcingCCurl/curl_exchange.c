#include "EventSourcingCCurl.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcurl is loaded when HTTPS is first wanted, not linked: a function that talks plain HTTP (moto, DynamoDB Local)
   never maps it and the libraries it brings (17 for a libcurl built as Amazon Linux 2023's, 35 for Debian's). The
   header gives the types and constants only. */
#ifdef __APPLE__
static const char library_name[] = "libcurl.4.dylib";
#else
static const char library_name[] = "libcurl.so.4";
#endif

/* CURLOPT_PROTOCOLS_STR, the newest thing used here. */
enum { oldest_version = 0x075500 /* 7.85.0 */ };

static struct {
    CURLcode (*global_init)(long);
    curl_version_info_data *(*version_info)(CURLversion);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;
static int loaded = 0; /* set once, under load_lock, when every function above is bound and libcurl initialised */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int bind_function(void *library, const char *name, void *slot, char *error, size_t error_size) {
    void *address = dlsym(library, name);
    if (!address) {
        snprintf(error, error_size, "%s has no function %s", library_name, name);
        return 0;
    }
    memcpy(slot, &address, sizeof address);
    return 1;
}

/* Loads libcurl and binds its functions, once; 1 when it is ready, else 0 with the reason in `error`. A failure is
   not remembered: the next request tries again (a full file table or a short memory can pass). Called under load_lock. */
static int load(char *error, size_t error_size) {
    if (loaded) return 1;
    void *library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(error, error_size, "HTTPS needs libcurl, and %s could not be loaded: %s", library_name,
                 reason ? reason : "no reason given");
        return 0;
    }
    static const struct { const char *name; size_t offset; } functions[] = {
        {"curl_global_init", offsetof(__typeof__(curl), global_init)},
        {"curl_version_info", offsetof(__typeof__(curl), version_info)},
        {"curl_easy_init", offsetof(__typeof__(curl), easy_init)},
        {"curl_easy_cleanup", offsetof(__typeof__(curl), easy_cleanup)},
        {"curl_easy_reset", offsetof(__typeof__(curl), easy_reset)},
        {"curl_easy_setopt", offsetof(__typeof__(curl), easy_setopt)},
        {"curl_easy_perform", offsetof(__typeof__(curl), easy_perform)},
        {"curl_easy_getinfo", offsetof(__typeof__(curl), easy_getinfo)},
        {"curl_easy_strerror", offsetof(__typeof__(curl), easy_strerror)},
        {"curl_slist_append", offsetof(__typeof__(curl), slist_append)},
        {"curl_slist_free_all", offsetof(__typeof__(curl), slist_free_all)},
    };
    for (size_t index = 0; index < sizeof functions / sizeof functions[0]; index++) {
        if (!bind_function(library, functions[index].name, (char *)&curl + functions[index].offset, error, error_size)) {
            dlclose(library);
            return 0;
        }
    }
    const curl_version_info_data *version = curl.version_info(CURLVERSION_NOW);
    if (!version || version->version_num < oldest_version) {
        snprintf(error, error_size, "%s is libcurl %s; 7.85.0 or newer is needed", library_name,
                 version && version->version ? version->version : "of an unknown version");
        dlclose(library);
        return 0;
    }
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(error, error_size, "curl_global_init failed: %s", curl.easy_strerror(code));
        return 0; /* libcurl stays loaded: it may initialise next time */
    }
    loaded = 1;
    return 1;
}

/* Idle easy handles: each keeps its own connection cache, so a handle taken again reuses its connection. */
enum { max_idle = 8 };
static CURL *idle[max_idle];
static int idle_count = 0;
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;

static CURL *take_handle(void) {
    CURL *handle = NULL;
    pthread_mutex_lock(&idle_lock);
    if (idle_count > 0) handle = idle[--idle_count];
    pthread_mutex_unlock(&idle_lock);
    return handle ? handle : curl.easy_init();
}

static void give_back(CURL *handle) {
    pthread_mutex_lock(&idle_lock);
    if (idle_count < max_idle) {
        idle[idle_count++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&idle_lock);
    if (handle) curl.easy_cleanup(handle);
}

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
} buffer;

static size_t collect(char *data, size_t size, size_t count, void *context) {
    buffer *body = context;
    size_t length = size * count;
    if (body->length + length > body->capacity) {
        size_t capacity = body->capacity ? body->capacity * 2 : 4096;
        while (capacity < body->length + length) capacity *= 2;
        unsigned char *grown = realloc(body->bytes, capacity);
        if (!grown) return 0; /* libcurl fails the transfer */
        body->bytes = grown;
        body->capacity = capacity;
    }
    memcpy(body->bytes + body->length, data, length);
    body->length += length;
    return length;
}

void es_curl_post(const char *url, const char *headers, size_t header_count, const unsigned char *body, size_t body_length,
                  long timeout_ms, const char *ca_file, es_curl_result *result) {
    memset(result, 0, sizeof *result);
    pthread_mutex_lock(&load_lock);
    int ready = load(result->error, sizeof result->error);
    pthread_mutex_unlock(&load_lock);
    if (!ready) {
        result->outcome = 2;
        return;
    }
    CURL *handle = take_handle();
    if (!handle) {
        result->outcome = 2;
        strcpy(result->error, "curl_easy_init failed");
        return;
    }
    struct curl_slist *list = NULL;
    for (size_t index = 0; index < header_count; index++) {
        list = curl.slist_append(list, headers);
        headers += strlen(headers) + 1;
    }
    /* No "Expect: 100-continue" round trip before larger bodies; no Accept header of libcurl's own. */
    list = curl.slist_append(list, "Expect:");
    list = curl.slist_append(list, "Accept:");
    buffer answer = {0};
    char error[CURL_ERROR_SIZE] = {0};
    curl.easy_reset(handle); /* options only: the connection cache stays */
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl.easy_setopt(handle, CURLOPT_POST, 1L);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body ? (const void *)body : (const void *)""); /* NULL would read stdin */
    curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    if (ca_file) curl.easy_setopt(handle, CURLOPT_CAINFO, ca_file);
    CURLcode code = curl.easy_perform(handle);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, NULL);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
    curl.slist_free_all(list);
    if (code == CURLE_OK) {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
        result->body = answer.bytes;
        result->body_length = answer.length;
        give_back(handle);
        return;
    }
    free(answer.bytes);
    result->outcome = code == CURLE_OPERATION_TIMEDOUT ? 1 : 2;
    strncpy(result->error, error[0] ? error : curl.easy_strerror(code), sizeof result->error - 1);
    give_back(handle);
}

void es_curl_result_free(es_curl_result *result) {
    free(result->body);
    result->body = NULL;
}
