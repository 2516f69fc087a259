#include "EventSourcingCCurl.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcurl is loaded when HTTPS is first wanted, not linked: a function that talks plain HTTP (moto, DynamoDB Local)
   never maps it and the libraries it brings (17 for a libcurl built as Amazon Linux 2023's, 35 for Debian's), and an
   HTTPS one loads it on a thread of its own while it starts (es_curl_prepare). The header gives the types and constants only. */
#ifdef __APPLE__
static const char library_name[] = "libcurl.4.dylib";
#else
static const char library_name[] = "libcurl.so.4";
#endif

static struct {
    CURLcode (*global_init)(long);
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
/* Empty once libcurl is loaded and initialised; else why it is not. */
static char load_error[256];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static int bind_function(void *library, const char *name, void *slot) {
    void *address = dlsym(library, name);
    if (!address) {
        snprintf(load_error, sizeof load_error, "%s has no function %s", library_name, name);
        return 0;
    }
    memcpy(slot, &address, sizeof address);
    return 1;
}

static void load(void) {
    void *library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "HTTPS needs libcurl, and %s could not be loaded: %s", library_name,
                 reason ? reason : "no reason given");
        return;
    }
    if (!(bind_function(library, "curl_global_init", &curl.global_init) &&
          bind_function(library, "curl_easy_init", &curl.easy_init) &&
          bind_function(library, "curl_easy_cleanup", &curl.easy_cleanup) &&
          bind_function(library, "curl_easy_reset", &curl.easy_reset) &&
          bind_function(library, "curl_easy_setopt", &curl.easy_setopt) &&
          bind_function(library, "curl_easy_perform", &curl.easy_perform) &&
          bind_function(library, "curl_easy_getinfo", &curl.easy_getinfo) &&
          bind_function(library, "curl_easy_strerror", &curl.easy_strerror) &&
          bind_function(library, "curl_slist_append", &curl.slist_append) &&
          bind_function(library, "curl_slist_free_all", &curl.slist_free_all)))
        return;
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK)
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", curl.easy_strerror(code));
}

static void *load_in_background(void *unused) {
    (void)unused;
    pthread_once(&loaded, load);
    return NULL;
}

static void start_loading(void) {
    pthread_attr_t attributes;
    pthread_t thread;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_create(&thread, &attributes, load_in_background, NULL); /* if no thread starts, the first request loads */
    pthread_attr_destroy(&attributes);
}

void es_curl_prepare(void) {
    static pthread_once_t started = PTHREAD_ONCE_INIT;
    pthread_once(&started, start_loading);
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
    pthread_once(&loaded, load);
    if (load_error[0]) {
        result->outcome = 2;
        strcpy(result->error, load_error);
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
