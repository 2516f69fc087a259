#!/usr/bin/env bash
# Runs scripts/package and checks its contract: both zips, each holding one executable `bootstrap`; exit 0 with
# "Lambda-ready: yes" or exit 3 with "Lambda-ready: no (…)"; and the verdict agrees with the glibc the binaries need.
set -uo pipefail
cd "$(dirname "$0")/../.."
passed=0 failed=0
check() { if eval "$2"; then echo "ok    $1"; passed=$((passed + 1)); else echo "FAIL  $1"; failed=$((failed + 1)); fi; }

output=$(scripts/package 2>&1); status=$?
last=$(printf '%s\n' "$output" | tail -1)
printf '%s\n' "$output" | sed 's/^/   /'
check "scripts/package exits 0 (ready) or 3 (built, not ready)" '[ $status -eq 0 ] || [ $status -eq 3 ]'
for product in CommandFunction StreamProjector; do
  check "dist/$product.zip holds exactly an executable bootstrap" \
    "[ \"\$(unzip -Z1 dist/$product.zip 2>/dev/null)\" = bootstrap ] && unzip -Z dist/$product.zip | grep '^-rwx.* bootstrap\$' >/dev/null"
done
check "the last line is the verdict, matching the exit status" \
  '{ [ $status -eq 0 ] && [ "$last" = "Lambda-ready: yes" ]; } || { [ $status -eq 3 ] && [[ "$last" == "Lambda-ready: no ("*")" ]]; }'
needs=$(unzip -p dist/CommandFunction.zip bootstrap > /tmp/check-bootstrap && objdump -T /tmp/check-bootstrap | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -Vu | tail -1)
rm -f /tmp/check-bootstrap
if [ "$(printf '%s\n2.34\n' "$needs" | sort -V | tail -1)" != "2.34" ]; then
  check "a bootstrap needing glibc $needs is reported not ready, naming the versions" '[ $status -eq 3 ] && [[ "$last" == *"glibc $needs"*"2.34"* ]]'
else
  check "a bootstrap needing glibc $needs (≤ 2.34) is not refused for glibc" '[[ "$last" != *"needs glibc"* ]]'
fi
echo "package: $passed passed, $failed failed"
[ $failed -eq 0 ]
