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


class Callgrind:
    """A bootstrap under valgrind's callgrind, with a Runtime API of its own; callgrind writes its counts to `output`
    when the process stops (`stop`: a SIGTERM)."""

    def __init__(self, bootstrap, environment, output, options=()):
        self.api = RuntimeAPI()
        try:
            self.process = subprocess.Popen(["valgrind", "--tool=callgrind", *options, f"--callgrind-out-file={output}", bootstrap],
                                            env=dict(environment, AWS_LAMBDA_RUNTIME_API=self.api.endpoint),
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            self.api.close()
            raise

    def command(self, event):
        """Runs one command; exits when it is not answered with 200 or 201."""
        path, body, _, _ = self.api.invoke(event, timeout=120)
        if not path.endswith("/response") or json.loads(body).get("statusCode") not in (200, 201):
            sys.exit(f"{os.path.basename(sys.argv[0])}: a command failed: {body[:300]!r}")

    def zero(self):
        """Counts from here on only."""
        subprocess.run(["callgrind_control", "--zero", str(self.process.pid)], check=True, capture_output=True)

    def stop(self):
        try:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=120)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.api.close()


def instructions(bootstrap, environment, deposits, scratch):
    """Instructions the process executed: an account opened, `deposits` deposits, then a SIGTERM."""
    output = os.path.join(scratch, f"callgrind.{uuid.uuid4().hex[:8]}")
    function = Callgrind(bootstrap, environment, output)
    try:
        account = f"count-{uuid.uuid4().hex[:8]}"
        for event in [open_account(account)] + [deposit(account)] * deposits:
            function.command(event)
    finally:
        function.stop()
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
