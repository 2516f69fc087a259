"""Writes scripts/lib/bootstrap-layout.txt, the order in which the linker lays out the packaged bootstraps' functions
(gold's --section-ordering-file; scripts/lib/lambda_link.sh passes it, with -function-sections, so that each function
is a section of its own). The functions a warm command runs come first, together, most executed first: a command's
code then lies in about 200 pages of the 10 MB of text instead of about 400, and misses fewer of the caches it finds
cold after each wait for DynamoDB (README, "Benchmarks"). Start-up's functions are left where they are: laying them
out together did not reduce start-up's page faults (806 → 821).

How: a release build of CommandFunction (BOOTSTRAP, with its symbols) runs under valgrind's callgrind against moto,
once over plain HTTP and once over TLS (command_benchmark.py's terminator in front of moto), as on Lambda; its counts
are zeroed after an account is opened and WARM_UP deposits, and written after COMMANDS more. The two runs' counts are
added: the code both take comes first. It runs a copy without the debug information (`objcopy --strip-debug`; the
symbol table, which names the functions, stays): valgrind 3.19 gives up on the DWARF 5 of the C targets. Only
names change the layout: a function
renamed since the file was written is laid out where the linker would put it anyway, so a stale file costs speed,
never correctness. Run it again after large changes: scripts/package, then
    python3 scripts/lib/code_layout.py .build-package/release/CommandFunction

Usage: python3 scripts/lib/code_layout.py BOOTSTRAP [--commands 100] [--warm-up 20] [--output FILE]
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid

from command_benchmark import TLSTerminator, deposit, open_account
from command_instructions import Callgrind
from lambda_harness import ROOT, create_tables, function_environment, start_moto


def profile(bootstrap, environment, warm_up, commands, scratch, name):
    """The callgrind file of `commands` warm deposits."""
    output = os.path.join(scratch, f"callgrind-{name}")
    function = Callgrind(bootstrap, environment, output, options=("--demangle=no", "--compress-strings=no"))
    try:
        account = f"layout-{uuid.uuid4().hex[:8]}"
        function.command(open_account(account))
        for _ in range(warm_up):
            function.command(deposit(account))
        function.zero()
        for _ in range(commands):
            function.command(deposit(account))
        time.sleep(0.3)  # the last command's work after its answer
    finally:
        function.stop()
    if not os.path.exists(output):
        sys.exit("code_layout: callgrind wrote no counts")
    return output


def self_cost(path, executable):
    """Instructions executed in each of `executable`'s functions (their own, not their callees'), by linkage name;
    the shared libraries' functions (libc's malloc, …) are not the linker's to place."""
    executable = os.path.realpath(executable)
    costs, function, ours, call_line = collections.Counter(), None, False, False
    for line in open(path):
        if line.startswith("ob="):
            ours = os.path.realpath(line[3:].strip()) == executable
        elif line.startswith("fn="):
            # callgrind marks recursion levels and cycles with 'N; the section is the function's
            function = re.sub(r"'\d+$", "", line[3:].strip())
        elif line.startswith("calls="):
            call_line = True  # the next line is the call's inclusive cost, not this function's
        elif line[:1].isdigit() or line[:1] in "+-*":
            if call_line:
                call_line = False
            elif function and ours:
                costs[function] += int(line.split()[-1])
    return costs


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bootstrap")
    options.add_argument("--commands", type=int, default=100)
    options.add_argument("--warm-up", type=int, default=20)
    options.add_argument("--output", default=str(ROOT / "scripts/lib/bootstrap-layout.txt"))
    arguments = options.parse_args()
    moto, endpoint = start_moto()
    try:
        environment = function_environment(endpoint, create_tables(endpoint))
        with tempfile.TemporaryDirectory() as scratch:
            bootstrap = os.path.join(scratch, "bootstrap")
            subprocess.run(["objcopy", "--strip-debug", arguments.bootstrap, bootstrap], check=True)
            terminator = TLSTerminator(scratch, int(endpoint.rsplit(":", 1)[1]))
            secure = dict(environment, AWS_ENDPOINT_URL_DYNAMODB=f"https://127.0.0.1:{terminator.server_address[1]}",
                          AWS_CA_BUNDLE=terminator.certificate)
            warm = collections.Counter()
            for name, variant in (("http", environment), ("https", secure)):
                counts = profile(bootstrap, variant, arguments.warm_up, arguments.commands, scratch, name)
                warm += self_cost(counts, bootstrap)
    finally:
        moto.kill()
        moto.wait()
    # Unnamed code (0x…) has no section to move.
    order = [name for name, _ in warm.most_common() if not name.startswith("0x")]
    with open(arguments.output, "w") as file:
        file.writelines(f".text.{name}\n" for name in order)
    print(f"{arguments.output}: the {len(order)} functions a warm command runs")


if __name__ == "__main__":
    main()
