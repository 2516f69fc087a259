#include "EventSourcingCCurl.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Idle easy handles: each keeps its own connection cache, so a handle taken again reuses its connection. */
enum { max_idle = 8 };
static CURL *idle[max_idle];
static int idle_count = 0;
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t initialised = PTHREAD_ONCE_INIT;

static void initialise(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static CURL *take_handle(void) {
    CURL *handle = NULL;
    pthread_mutex_lock(&idle_lock);
    if (idle_count > 0) handle = idle[--idle_count];
    pthread_mutex_unlock(&idle_lock);
    return handle ? handle : curl_easy_init();
}

static void give_back(CURL *handle) {
    pthread_mutex_lock(&idle_lock);
    if (idle_count < max_idle) {
        idle[idle_count++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&idle_lock);
    if (handle) curl_easy_cleanup(handle);
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
    pthread_once(&initialised, initialise);
    CURL *handle = take_handle();
    if (!handle) {
        result->outcome = 2;
        strcpy(result->error, "curl_easy_init failed");
        return;
    }
    struct curl_slist *list = NULL;
    for (size_t index = 0; index < header_count; index++) {
        list = curl_slist_append(list, headers);
        headers += strlen(headers) + 1;
    }
    /* No "Expect: 100-continue" round trip before larger bodies; no Accept header of libcurl's own. */
    list = curl_slist_append(list, "Expect:");
    list = curl_slist_append(list, "Accept:");
    buffer answer = {0};
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_reset(handle); /* options only: the connection cache stays */
    curl_easy_setopt(handle, CURLOPT_URL, url);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body ? (const void *)body : (const void *)""); /* NULL would read stdin */
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    if (ca_file) curl_easy_setopt(handle, CURLOPT_CAINFO, ca_file);
    CURLcode code = curl_easy_perform(handle);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(list);
    if (code == CURLE_OK) {
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
        result->body = answer.bytes;
        result->body_length = answer.length;
        give_back(handle);
        return;
    }
    free(answer.bytes);
    result->outcome = code == CURLE_OPERATION_TIMEDOUT ? 1 : 2;
    strncpy(result->error, error[0] ? error : curl_easy_strerror(code), sizeof result->error - 1);
    give_back(handle);
}

void es_curl_result_free(es_curl_result *result) {
    free(result->body);
    result->body = NULL;
}
