#!/usr/bin/env bash
# Runs scripts/package and checks its contract: both zips, each holding an executable `bootstrap` and Amazon's roots
# (amazon-root-cas.pem), and on this machine
# "Lambda-ready: yes" with exit 0. Then the checker itself (scripts/lib/lambda_ready.py), fed small programs linked
# here: each kind of need provided.al2023 cannot meet (hypot@GLIBC_2.35, arc4random@GLIBC_2.36, libstdc++.so.6 with
# GLIBCXX_3.4.30, curl_*@CURL_OPENSSL_4, a version need left behind by patchelf) is refused by name; the same programs
# linked as scripts/package links (and curl's against an unversioned stub, as a user's program might link libcurl)
# pass, and still work (the right hypot, errno included; the real libcurl at run time). The bootstraps themselves
# link neither libcurl nor OpenSSL: they load OpenSSL with dlopen.
set -uo pipefail
cd "$(dirname "$0")/../.."
passed=0 failed=0
check() { if eval "$2"; then echo "ok    $1"; passed=$((passed + 1)); else echo "FAIL  $1"; failed=$((failed + 1)); fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

output=$(scripts/package 2>&1); status=$?
last=$(printf '%s\n' "$output" | tail -1)
printf '%s\n' "$output" | sed 's/^/   /'
check "scripts/package exits 0 and its last line is \"Lambda-ready: yes\"" '[ $status -eq 0 ] && [ "$last" = "Lambda-ready: yes" ]'
for product in CommandFunction StreamProjector; do
  check "dist/$product.zip holds exactly an executable bootstrap and amazon-root-cas.pem" \
    "[ \"\$(unzip -Z1 dist/$product.zip 2>/dev/null | sort | tr '\n' ' ')\" = 'amazon-root-cas.pem bootstrap ' ] && unzip -Z dist/$product.zip | grep '^-rwx.* bootstrap\$' >/dev/null"
  check "dist/$product.zip's amazon-root-cas.pem is five certificates, Amazon Root CA 1 among them" \
    "unzip -p dist/$product.zip amazon-root-cas.pem | openssl storeutl -noout -certs /dev/stdin 2>/dev/null | grep -c '^[0-9]*: Certificate' | grep -x 5 >/dev/null && unzip -p dist/$product.zip amazon-root-cas.pem | openssl x509 -noout -subject | grep -q 'CN = Amazon Root CA 1'"
done
unzip -p dist/CommandFunction.zip bootstrap >"$work/bootstrap" && chmod +x "$work/bootstrap"
readelf -W --dyn-syms "$work/bootstrap" | awk '$7 == "UND" { print $8 }' >"$work/bootstrap.undefined"
check "the zipped bootstrap calls libm's hypot and hypotf at GLIBC_2.2.5" \
  'grep -x -e hypot@GLIBC_2.2.5 -e hypotf@GLIBC_2.2.5 "$work/bootstrap.undefined" | wc -l | grep -x 2 >/dev/null'
# True when bootstrap $1 NEEDs neither OpenSSL nor libcurl and names none of their functions, and imports dlopen (to
# load libssl.so.3 at its first HTTPS connection).
loads_openssl_itself() {
  local undefined
  readelf -d "$1" | grep -q -e libssl -e libcrypto -e libcurl && return 1
  undefined=$(readelf -W --dyn-syms "$1" | awk '$7 == "UND" { print $8 }')
  ! grep -q -e '^SSL_' -e '^TLS_' -e '^curl_' <<<"$undefined" && grep -q '^dlopen@' <<<"$undefined"
}
for product in CommandFunction StreamProjector; do
  unzip -p dist/$product.zip bootstrap >"$work/$product"
  check "dist/$product.zip's bootstrap needs neither OpenSSL nor libcurl: it loads libssl.so.3 with dlopen" \
    "loads_openssl_itself \"\$work/$product\""
done
# How many of the layout's functions (scripts/lib/bootstrap-layout.txt: those a warm command runs) lie in the busiest
# 2 MB of the unstripped build's 10 MB of text, in percent: 86 with the layout, 59 for the same build without it (the
# standard library's functions that have no section of their own stay where they are).
layout_share() {
  nm "$1" | python3 -c '
import sys
wanted = {line[len(".text."):].strip() for line in open("scripts/lib/bootstrap-layout.txt")}
found = sorted({int(f[0], 16) for f in (line.split() for line in sys.stdin) if len(f) == 3 and f[2] in wanted})
best = max((sum(1 for a in found[i:] if a < start + (2 << 20)) for i, start in enumerate(found)), default=0)
print(100 * best // max(1, len(found)))'
}
check "a warm command's functions are laid out together: at least 80% of them in 2 MB of the CommandFunction build" \
  '[ "$(layout_share .build-package/release/CommandFunction)" -ge 80 ]'

# The checker on small programs: first linked plainly here, then as scripts/package links.
clang=$(dirname "$(readlink -f "$(command -v swift)")")/clang
link=$work/link
scripts/lib/lambda_link.sh "$link" >/dev/null
cat >"$work/hypot.c" <<'C'
// For each pair of arguments: hypot and hypotf, exactly (%a), and whether errno became ERANGE.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        double x = strtod(argv[i], NULL), y = strtod(argv[i + 1], NULL);
        errno = 0;
        double h = hypot(x, y);
        int overflowed = errno == ERANGE;
        errno = 0;
        float hf = hypotf((float)x, (float)y);
        printf("%a %s %a %s\n", h, overflowed ? "ERANGE" : "-", (double)hf, errno == ERANGE ? "ERANGE" : "-");
    }
    return 0;
}
C
cat >"$work/arc4random.c" <<'C'
#include <stdint.h>
#include <stdio.h>
uint32_t arc4random(void);
int main(void) {
    uint32_t a = arc4random(), b = arc4random(), c = arc4random();
    printf("%s\n", a == b && b == c ? "constant" : "varies");
    return 0;
}
C
cat >"$work/libstdcxx.c" <<'C'
// Takes the address of std::condition_variable::wait(unique_lock<mutex>&), GLIBCXX_3.4.30 in GCC 12's libstdc++.
extern void _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void);
void (*volatile wait)(void) = _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE;
int main(void) { return 0; }
C
cat >"$work/curl.c" <<'C'
#include <stdio.h>
#include <curl/curl.h>
int main(void) { printf("%s\n", curl_version()); return 0; }
C
plain() { "$clang" -O1 -o "$work/$1-plain" "$work/$1.c" "${@:2}" 2>"$work/$1.log"; }
refused() {  # refused PROGRAM TEXT…: the checker exits 3 on the plain build, its verdict naming each TEXT
  local code=0 verdict
  scripts/lib/lambda_ready.py "$1=$work/$1-plain" >"$work/$1.verdict" 2>&1 || code=$?
  verdict=$(tail -1 "$work/$1.verdict")
  [ "$code" -eq 3 ] || { echo "      exit $code: $verdict"; return 1; }
  for text in "${@:2}"; do [[ "$verdict" == *"$text"* ]] || { echo "      no \"$text\" in: $verdict"; return 1; }; done
}
plain hypot -lm
plain arc4random
plain libstdcxx -lstdc++
plain curl -lcurl
check "a program needing hypot@GLIBC_2.35 is refused, naming it and libm.so.6" \
  'refused hypot "libm.so.6, not in glibc 2.34: hypot@GLIBC_2.35 (2.34 has hypot@GLIBC_2.2.5), hypotf@GLIBC_2.35"'
check "a program needing arc4random@GLIBC_2.36 is refused, naming it" 'refused arc4random "arc4random@GLIBC_2.36"'
check "a program with libstdc++.so.6 NEEDED and a GLIBCXX_3.4.30 reference is refused, naming both" \
  'refused libstdcxx "NEEDs libstdc++.so.6" "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.30"'
check "a program with a CURL_OPENSSL_4 reference is refused, naming it" 'refused curl "needs from libcurl.so.4" "curl_version@CURL_OPENSSL_4"'
cp "$work/hypot-plain" "$work/hidden-plain" && patchelf --clear-symbol-version hypot --clear-symbol-version hypotf "$work/hidden-plain"
check "hypot's version cleared with patchelf, the GLIBC_2.35 need ld.so checks at load is still refused" \
  'refused hidden "needs from libm.so.6, not in glibc 2.34: version GLIBC_2.35"'
check "a file that is not an executable cannot be checked (exit 1)" \
  'scripts/lib/lambda_ready.py template.yaml >/dev/null 2>&1; [ $? -eq 1 ]'

linked() { "$clang" -O1 -o "$work/$1-linked" "$work/$1.c" -L "$link" "$link/glibc_2_34_compat.o" "${@:2}" -lm 2>"$work/$1.log"; }
linked hypot
linked arc4random
# A program linked against libcurl unversioned, as a user's might be: against a stub with libcurl.so.4's soname and
# functions but no symbol versions.
curl_so=$(readlink -f "$("$clang" -print-file-name=libcurl.so)")
mkdir -p "$work/curl-stub"
objdump -T "$curl_so" | awk '$2 == "g" && $4 == ".text" { print "void " $NF "(void) {}" }' >"$work/curl-stub/stub.c"
"$clang" -shared -nostdlib -fPIC -Wl,-soname,libcurl.so.4 -o "$work/curl-stub/libcurl.so" "$work/curl-stub/stub.c"
linked curl -L "$work/curl-stub" -lcurl
check "the same programs linked as scripts/package links them (curl's against an unversioned stub) pass" \
  'scripts/lib/lambda_ready.py "$work/hypot-linked" "$work/arc4random-linked" "$work/curl-linked" >/dev/null'
inputs=(3 4  1.5e308 1.5e308  3e38 3e38  1e-310 1e-310  0.1 0.2  -7 24  inf nan  nan 1  0 -0)
check "their hypot and hypotf (GLIBC_2.2.5) give what the GLIBC_2.35 ones give, bit for bit, errno included" \
  '[ "$("$work/hypot-linked" "${inputs[@]}")" = "$("$work/hypot-plain" "${inputs[@]}")" ]'
check "…and that is libm's hypot: exactly 5 for (3, 4); +inf and ERANGE when the result overflows" \
  '"$work/hypot-linked" 3 4 1.5e308 1.5e308 | tr "\n" " " | grep -x "0x1.4p+2 - 0x1.4p+2 - inf ERANGE inf - " >/dev/null'
check "their arc4random gives varying values" '[ "$("$work/arc4random-linked")" = varies ]'
check "their unversioned curl calls bind to the system's real libcurl at run time" \
  '[[ "$("$work/curl-linked")" == libcurl/[0-9]* ]]'
echo "package: $passed passed, $failed failed"
[ $failed -eq 0 ]
