// Linked into the packaged bootstraps only (scripts/lib/lambda_link.sh, scripts/package): the three glibc symbols that
// a bootstrap linked on Debian 12 (glibc 2.36) would otherwise need in versions newer than provided.al2023's glibc 2.34.
// Each definition is hidden: it satisfies the references inside the executable and is never exported, so nothing else
// in the process (OpenSSL, loaded at the first HTTPS connection) is affected.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/types.h>

#define LINKED_HERE_ONLY __attribute__((visibility("hidden")))

// hypot and hypotf (called by Foundation's CGFloat hypot and the Glibc overlay's Float hypot). glibc 2.35 gave them a
// second version, GLIBC_2.35, when it took their SVID error handling out: since then the GLIBC_2.2.5 version is the same
// function called through the old wrapper, which only acts on an overflow when `_LIB_VERSION` selects an SVID or X/Open
// mode, and only programs linked before glibc 2.27 can select one (the variable is no longer linkable). In the default
// mode both return +inf and set errno to ERANGE on overflow, and the same value otherwise. On glibc 2.34 the
// GLIBC_2.2.5 version is the only one, computed by 2.34's own algorithm (within 1 ulp): what any program built there gets.
// `.symver` binds the two references below to GLIBC_2.2.5, and the hidden `hypot`/`hypotf` take the place of libm's
// default version for every caller in the executable. (Not `ld --wrap`: gold applies it to the versioned reference as
// well, and the wrapper would call itself.)
double hypot_glibc_2_2_5(double, double);
float hypotf_glibc_2_2_5(float, float);
__asm__(".symver hypot_glibc_2_2_5, hypot@GLIBC_2.2.5");
__asm__(".symver hypotf_glibc_2_2_5, hypotf@GLIBC_2.2.5");

LINKED_HERE_ONLY double hypot(double x, double y) { return hypot_glibc_2_2_5(x, y); }
LINKED_HERE_ONLY float hypotf(float x, float y) { return hypotf_glibc_2_2_5(x, y); }

// arc4random (GLIBC_2.36), one of std::random_device's sources in GCC 12's static libstdc++ (reached through its
// iostream initialisation, which ICU pulls in). glibc's arc4random fills its result from getrandom(2) (GLIBC_2.25),
// retrying on EINTR and after short reads, and stops the process if the kernel cannot supply entropy; so does this one.
// (glibc falls back to /dev/urandom on kernels without getrandom, older than Linux 3.17; Lambda's are not.)
LINKED_HERE_ONLY uint32_t arc4random(void) {
    uint32_t value;
    unsigned char *next = (unsigned char *)&value;
    size_t missing = sizeof value;
    while (missing > 0) {
        ssize_t got = getrandom(next, missing, 0);
        if (got > 0) {
            next += got;
            missing -= (size_t)got;
        } else if (errno != EINTR) {
            abort();
        }
    }
    return value;
}
