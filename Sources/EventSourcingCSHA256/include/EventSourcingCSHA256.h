#ifndef EVENT_SOURCING_CSHA256_H
#define EVENT_SOURCING_CSHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4, 4.2.2), for both ways of compressing.
extern const uint32_t es_sha256_round_constants[64];

/// True when this CPU has the SHA-256 instructions this module uses: x86-64's SHA extensions (with SSSE3 and SSE4.1).
/// Elsewhere (arm64 included) it is false, and callers hash in Swift.
bool es_sha256_hardware_available(void);

/// Compresses `blocks` 64-byte blocks at `data` into `state` (SHA-256's eight working words, a to h, in the host's
/// order) with the CPU's SHA instructions. Call it only when `es_sha256_hardware_available()` is true.
void es_sha256_hardware_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
