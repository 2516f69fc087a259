"""User-space instructions per warm command: CommandFunction's bootstrap under valgrind's callgrind, against moto,
with its state cache (the default) and without it (STATE_CACHE_SIZE=0). Instruction counts do not move with the
machine's load the way CPU time does, so they show what a change to the code did (README, "Benchmarks"; run by
scripts/bench; figures, not tests).

Each variant runs twice in fresh processes, one opening an account and depositing SHORT times, the other LONG times;
the difference divided by LONG - SHORT is the cost of one warm deposit, start-up and the first commands cancelling
out. The kernel's work (system calls, TCP) is not counted: see the CPU figures of command_benchmark.py for that.

Usage: python3 scripts/lib/command_instructions.py BOOTSTRAP [--short 60] [--long 160]
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import uuid

from command_benchmark import deposit, open_account
from lambda_harness import RuntimeAPI, create_tables, function_environment, start_moto


def instructions(bootstrap, environment, deposits, scratch):
    """Instructions the process executed: an account opened, `deposits` deposits, then a SIGTERM (callgrind writes
    its counts when the process exits)."""
    api = RuntimeAPI()
    output = os.path.join(scratch, f"callgrind.{uuid.uuid4().hex[:8]}")
    process = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={output}", bootstrap],
                               env=dict(environment, AWS_LAMBDA_RUNTIME_API=api.endpoint),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        account = f"count-{uuid.uuid4().hex[:8]}"
        for event in [open_account(account)] + [deposit(account)] * deposits:
            path, body, _, _ = api.invoke(event, timeout=120)
            if not path.endswith("/response") or json.loads(body).get("statusCode") not in (200, 201):
                sys.exit(f"command_instructions: a command failed: {body[:300]!r}")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        api.close()
    with open(output) as counts:
        for line in counts:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    sys.exit("command_instructions: callgrind wrote no totals")


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bootstrap", help="CommandFunction's bootstrap (unzipped from dist/)")
    options.add_argument("--short", type=int, default=60)
    options.add_argument("--long", type=int, default=160)
    arguments = options.parse_args()
    moto, endpoint = start_moto()
    try:
        environment = function_environment(endpoint, create_tables(endpoint))
        with tempfile.TemporaryDirectory() as scratch:
            rows = []
            for label, extra in (("with the state cache (default)", {}), ("STATE_CACHE_SIZE=0", {"STATE_CACHE_SIZE": "0"})):
                variant = dict(environment, **extra)
                short = instructions(arguments.bootstrap, variant, arguments.short, scratch)
                long = instructions(arguments.bootstrap, variant, arguments.long, scratch)
                rows.append((label, (long - short) / (arguments.long - arguments.short)))
    finally:
        moto.kill()
        moto.wait()
    print(f"User-space instructions per warm deposit (callgrind; {arguments.long} and {arguments.short} deposits, the difference):")
    print()
    print("| CommandFunction | instructions per command |")
    print("|---|---|")
    for label, count in rows:
        print(f"| {label} | {count:,.0f} |")


if __name__ == "__main__":
    main()
