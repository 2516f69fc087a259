#!/usr/bin/env python3
"""Says whether x86_64 ELF executables can start on AWS Lambda's provided.al2023, and if not, exactly why.

    scripts/lib/lambda_ready.py [NAME=]PATH ...

provided.al2023 has glibc 2.34, GCC 11's libgcc_s and libstdc++ (GLIBCXX_3.4.29 at most), Amazon Linux's own libcurl
and zlib. A binary passes when:
  - every library it NEEDs is one of those: glibc's (libc.so.6, libm.so.6, ld-linux-x86-64.so.2, and the libraries
    split from libc before 2.34), libgcc_s.so.1, libcurl.so.4, libz.so.1;
  - every versioned reference to glibc, each undefined dynamic symbol (symbol@version, from the library its version
    names) and each version need (what ld.so checks at load, before any symbol), is defined by glibc 2.34 itself: by
    the stub libraries zig generates for the target x86_64-linux-gnu.2.34 from glibc's own symbol lists (PyPI
    `ziglang`; the stubs are made once in zig's cache, then reused);
  - libstdc++.so.6 is not NEEDED (linked in statically, nothing rests on the image's copy) and no libstdc++ reference
    is newer than GCC 11's (GLIBCXX_3.4.29, CXXABI_1.3.13);
  - no libcurl reference carries a version (Debian's libcurl versions its symbols CURL_OPENSSL_4, a name only Debian's
    OpenSSL build defines; ld.so refuses a binary whose version need its libcurl lacks, while an unversioned reference
    binds to any libcurl.so.4). This is for other programs that link libcurl: this project's bootstraps do not
    (they load OpenSSL with dlopen);
  - no libgcc_s reference is newer than GCC 11's (GCC_12.0.0 and later are not), no zlib one newer than 1.2.11;
  - the interpreter, if any, is /lib64/ld-linux-x86-64.so.2 and the machine x86-64.
It prints a line per binary, then "Lambda-ready: yes" (exit 0) or "Lambda-ready: no (<each offending symbol@version
and its library, per binary>)" (exit 3). Exit 1 when it cannot check (not an ELF file, zig failing), 2 without
arguments.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

GLIBC = "2.34"
ZIG_TARGET = f"x86_64-linux-gnu.{GLIBC}"
INTERPRETER = "/lib64/ld-linux-x86-64.so.2"
# glibc's libraries whose contents moved into libc.so.6 in 2.34: they still exist there (with the same version
# names) for programs linked before, and zig makes no stub for them, so their references are checked against libc's.
SPLIT_FROM_LIBC = {"libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libanl.so.1"}
# The other libraries provided.al2023 has: library → (version prefix, newest version it defines, why newer is
# refused); no prefix: no version may be required at all.
OTHER_LIBRARIES = {
    "libgcc_s.so.1": ("GCC_", "11.99", "newer than GCC 11's libgcc_s"),
    "libz.so.1": ("ZLIB_", "1.2.11", "newer than Amazon Linux 2023's zlib 1.2.11"),
    "libcurl.so.4": (None, None, "with a version only Debian's libcurl defines (link against an unversioned libcurl)"),
}
LIBSTDCXX = {"GLIBCXX_": "3.4.29", "CXXABI_": "1.3.13"}


class CheckError(Exception):
    pass


def readelf(*arguments):
    run = subprocess.run(["readelf", "-W", *arguments], capture_output=True, text=True)
    if run.returncode != 0:
        raise CheckError(f"readelf {' '.join(arguments)}: {run.stderr.strip()}")
    return run.stdout


def version_key(text):
    return tuple(int(part) for part in re.findall(r"\d+", text))


def dynamic_symbols(path):
    """(name, version or None, version index or None, defined?) for each dynamic symbol."""
    symbols = []
    pattern = re.compile(r"^\s*\d+:\s+[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)\s+(\S+?)(?:\s+\((\d+)\))?$")
    for line in readelf("--dyn-syms", path).splitlines():
        match = pattern.match(line)
        if not match or not match.group(2) or match.group(2) == "Name":
            continue
        section, full_name, index = match.groups()
        name, _, version = full_name.replace("@@", "@").partition("@")
        symbols.append((name, version or None, int(index) if index else None, section != "UND"))
    return symbols


def version_needs(path):
    """{index: (library, version name)} from .gnu.version_r."""
    needs, library = {}, None
    for line in readelf("-V", path).splitlines():
        if match := re.search(r"File: (\S+)", line):
            library = match.group(1)
        elif (match := re.search(r"Name: (\S+)\s+Flags: \S+\s+Version: (\d+)", line)) and library:
            needs[int(match.group(2))] = (library, match.group(1))
    return needs


def version_definitions(path):
    return {match.group(1) for match in re.finditer(r"Index: \d+\s+Cnt: \d+\s+Name: (\S+)", readelf("-V", path))}


def dynamic_entries(path, tag):
    return re.findall(rf"\({tag}\)\s+\S+ \S+: \[(.*)\]", readelf("-d", path))


class Glibc234:
    """glibc 2.34's libraries as zig's stubs define them: soname → (defined symbol@version pairs, version names)."""

    def __init__(self):
        self.libraries = {}
        for stub in self.stub_paths():
            sonames = dynamic_entries(stub, "SONAME")
            soname = sonames[0] if sonames else stub.name
            defined = {(name, version) for name, version, _, is_defined in dynamic_symbols(stub) if is_defined}
            self.libraries[soname] = (defined, version_definitions(stub))
        newer = [f"{soname}: {v}" for soname, (_, versions) in self.libraries.items()
                 for v in versions if v.startswith("GLIBC_2") and version_key(v) > version_key(GLIBC)]
        if f"GLIBC_{GLIBC}" not in self.libraries.get("libc.so.6", (set(), set()))[1] or newer:
            raise CheckError(f"zig's stubs are not glibc {GLIBC}'s: {sorted(self.libraries)} {newer}")

    @staticmethod
    def stub_paths():
        """Links an empty program for the target with zig and reads the stubs' paths off its link line."""
        with tempfile.TemporaryDirectory() as scratch:
            Path(scratch, "probe.c").write_text("int main(void) { return 0; }\n")
            environment = dict(os.environ, ZIG_VERBOSE_LINK="1")
            if "ZIG_GLOBAL_CACHE_DIR" in environment:
                environment["ZIG_GLOBAL_CACHE_DIR"] = os.path.abspath(environment["ZIG_GLOBAL_CACHE_DIR"])
            run = subprocess.run(
                [sys.executable, "-m", "ziglang", "cc", "-target", ZIG_TARGET, "-o", "probe", "probe.c"],
                cwd=scratch, env=environment, capture_output=True, text=True,
            )
            if run.returncode != 0:
                raise CheckError(f"zig could not link for {ZIG_TARGET}: {run.stderr.strip()[-500:]}")
            words = run.stderr.split()
            paths = [Path(scratch, word) for previous, word in zip([""] + words, words)
                     if previous != "--dynamic-linker" and re.search(r"/lib[^/ ]*\.so\.\d+$", word)]
            if not paths:
                raise CheckError("zig's link line (ZIG_VERBOSE_LINK) named no stub library")
            return paths

    def owner(self, library):
        return "libc.so.6" if library in SPLIT_FROM_LIBC else library

    def defines_version(self, library, version):
        return version in self.libraries[self.owner(library)][1]

    def defines(self, library, name, version):
        return (name, version) in self.libraries[self.owner(library)][0]

    def versions_of(self, library, name):
        return sorted((v for n, v in self.libraries[self.owner(library)][0] if n == name), key=version_key)


def problems_of(path, glibc):
    """Every reason the binary at `path` cannot start on provided.al2023 (empty if none), and a summary line.
    Refused references are grouped by library and reason, each named as symbol@version."""
    if "X86-64" not in readelf("-h", path):
        return ["not an x86-64 executable"], "not x86-64"
    problems = []
    interpreter = re.search(r"Requesting program interpreter: (\S+)\]", readelf("-l", path))
    if interpreter and interpreter.group(1) != INTERPRETER:
        problems.append(f"asks for the interpreter {interpreter.group(1)}, not {INTERPRETER}")

    glibc_libraries = set(glibc.libraries) | SPLIT_FROM_LIBC
    needed = dynamic_entries(path, "NEEDED")
    for library in needed:
        if library == "libstdc++.so.6":
            problems.append("NEEDs libstdc++.so.6 (link it statically, so nothing rests on the image's GCC 11 copy)")
        elif library not in glibc_libraries and library not in OTHER_LIBRARIES:
            problems.append(f"NEEDs {library}, which provided.al2023 does not have")

    def refusal(library, name, version):
        """(why, what) if `name@version` (or the version need alone, without a name) from `library` cannot be had on
        provided.al2023, else None."""
        shown = f"{name}@{version}" if name else f"version {version}"
        if library in glibc_libraries:
            if glibc.defines(library, name, version) if name else glibc.defines_version(library, version):
                return None
            others = glibc.versions_of(library, name) if name else []
            has = f" ({GLIBC} has {', '.join(f'{name}@{v}' for v in others)})" if others else ""
            return f"not in glibc {GLIBC}", shown + has
        if library == "libstdc++.so.6":
            for prefix, newest in LIBSTDCXX.items():
                if version.startswith(prefix) and version_key(version) > version_key(newest):
                    return f"newer than GCC 11's {prefix}{newest}", shown
            return None
        if library in OTHER_LIBRARIES:
            prefix, newest, why = OTHER_LIBRARIES[library]
            if prefix is None or not version.startswith(prefix) or version_key(version) > version_key(newest):
                return why, shown
        return None

    refused = {}  # (library, why) → what
    needs = version_needs(path)
    named_versions = set()
    for name, version, index, is_defined in dynamic_symbols(path):
        if not is_defined and version is not None and index in needs:
            library = needs[index][0]
            named_versions.add((library, version))
            if reason := refusal(library, name, version):
                refused.setdefault((library, reason[0]), []).append(reason[1])
    for library, version in needs.values():  # a version need no symbol names (ld.so checks it all the same)
        if (library, version) not in named_versions and (reason := refusal(library, None, version)):
            refused.setdefault((library, reason[0]), []).append(reason[1])
    for (library, why), what in sorted(refused.items()):
        problems.append(f"needs from {library}, {why}: {', '.join(sorted(what))}")

    glibc_versions = [v for library, v in needs.values() if library in glibc_libraries and v.startswith("GLIBC_")]
    newest = max(glibc_versions, key=version_key, default="none")
    summary = f"NEEDED {' '.join(needed) or 'nothing (static)'}; newest glibc version needed: {newest}"
    return problems, summary


def main(arguments):
    if not arguments:
        print("usage: lambda_ready.py [NAME=]PATH ...", file=sys.stderr)
        return 2
    try:
        glibc = Glibc234()
        verdicts = []
        for argument in arguments:
            name, equals, path = argument.partition("=")
            if not equals or "/" in name:
                name, path = argument, argument
            if not Path(path).is_file():
                raise CheckError(f"{path}: no such file")
            problems, summary = problems_of(path, glibc)
            print(f"{name}: {summary}")
            if problems:
                verdicts.append(f"{name} {'; '.join(problems)}")
    except CheckError as error:
        print(f"lambda_ready: {error}", file=sys.stderr)
        return 1
    if not verdicts:
        print("Lambda-ready: yes")
        return 0
    print(f"Lambda-ready: no ({'; '.join(verdicts)})")
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
