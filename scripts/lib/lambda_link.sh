#!/usr/bin/env bash
# Prepares DIR for linking, on this machine (glibc 2.36, GCC 12), executables that start on Lambda's provided.al2023
# (glibc 2.34, GCC 11), and prints the flags for `swift build`, one a line:
#
#   -Xswiftc -L -Xswiftc DIR      DIR comes first in the linker's search path, so the toolchain's -lstdc++ finds
#                                 DIR/libstdc++.a (GCC 12's, linked in: no libstdc++.so.6 needed);
#   -Xlinker DIR/glibc_2_34_compat.o   hypot and hypotf bound to their glibc 2.34 versions, arc4random on getrandom
#                                 (why each is safe: scripts/lib/glibc_2_34_compat.c);
#   -Xlinker --no-export-dynamic  the executable's own symbols are not exported (SwiftPM exports all 5,000 of them):
#                                 nothing loads against a bootstrap, and the symbol table it would keep costs 0.4 MB
#                                 of resident memory and every dynamic-symbol lookup at start-up;
#   -Xswiftc -Xfrontend -Xswiftc -function-sections   each function in a section of its own, and
#   -Xlinker --section-ordering-file=scripts/lib/bootstrap-layout.txt   gold lays out first, together, the functions a
#                                 warm command runs (written by scripts/lib/code_layout.py from a profile): fewer pages
#                                 and cache lines to fetch again after each wait for DynamoDB.
#
# OpenSSL is not linked: the bootstrap loads the system's libssl.so.3 with dlopen at its first HTTPS connection
# (Sources/EventSourcingCTLS). Safe to run again: it rebuilds only what is missing or older than its source.
# Usage: scripts/lib/lambda_link.sh DIR
set -euo pipefail
dir=${1:?usage: lambda_link.sh DIR}
source_dir=$(cd "$(dirname "$0")" && pwd)
clang=$(dirname "$(readlink -f "$(command -v swift)")")/clang
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

ln -sfn "$("$clang" -print-file-name=libstdc++.a)" "$dir/libstdc++.a"

compat=$source_dir/glibc_2_34_compat.c
if [ ! "$dir/glibc_2_34_compat.o" -nt "$compat" ]; then
  "$clang" -O2 -fPIC -fno-builtin -Wall -Werror -c "$compat" -o "$dir/glibc_2_34_compat.o"
fi

printf '%s\n' -Xswiftc -L -Xswiftc "$dir" -Xlinker "$dir/glibc_2_34_compat.o" -Xlinker --no-export-dynamic \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xlinker "--section-ordering-file=$source_dir/bootstrap-layout.txt"
