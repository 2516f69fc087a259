"""What a command costs the function that runs it: CommandFunction's bootstrap, with its state cache (the default) and
without it (STATE_CACHE_SIZE=0: every load reads the snapshot and the events after it), against the same bank
commands written as a Python team would (Benchmarks/awslambdaric/bank.py: boto3 on awslambdaric, one item per event, no snapshots),
side by side on the same moto (README, "Benchmarks"; run by scripts/bench; timings are not tests).

For each function and each stream length: a fresh process opens an account and deposits until the account has that
many events, then WARM_UP deposits, then COMMANDS measured deposits. Reported per measured command: the function's
CPU (utime + stime over all of them, snapshots written after the answer included), the round trip at the Runtime
API (event handed out → answer in), the time the function waited for DynamoDB (from its own log line), the
function-side time (round trip minus that wait; and, from the function's own clock, its latency minus that wait),
moto's CPU, and the DynamoDB requests. Then cold starts: a fresh process per run, exec → first /next and exec → first
answered command (an account opened), and the peak RSS of the long runs.

With --https, DynamoDB is reached over TLS: a terminator with a certificate of its own in front of moto, trusted by
CommandFunction through a mount namespace of its own (unshare) in which the system's CA bundle is that certificate
(--full-bundle: the system's bundle plus it, so that OpenSSL parses as many certificates as on Lambda), and by boto3
through AWS_CA_BUNDLE. --amazon-roots: CommandFunction trusts it through AWS_CA_BUNDLE instead, in a file that also
holds the five roots scripts/package ships (amazon-root-cas.pem), so that OpenSSL parses what a packaged function
parses on Lambda. It also counts the TLS connections each process opened.

Usage: python3 scripts/lib/command_benchmark.py BOOTSTRAP [--python PYTHON] [--lengths 10,1000] [--commands 300]
       [--warm-up 50] [--cold-runs 10] [--https [--full-bundle | --amazon-roots]]
"""
import argparse
import http.client
import http.server
import itertools
import json
import os
import queue
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from lambda_harness import ROOT, RuntimeAPI, cpu_ms, create_tables, function_environment, http_event, peak_rss_mb, start_moto


class TLSTerminator(http.server.ThreadingHTTPServer):
    """HTTPS in front of moto (HTTP/1.1 keep-alive towards the client), counting the TLS connections it accepts."""

    daemon_threads = True

    def __init__(self, directory, backend):
        self.backend, self.connections, self.accepted = backend, itertools.count(1), 0
        self.certificate, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", self.certificate,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        super().__init__(("127.0.0.1", 0), TLSHandler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, key)
        self.socket = context.wrap_socket(self.socket, server_side=True)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address):
        pass


class TLSHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.server.accepted = next(self.server.connections)
        self.backend = http.client.HTTPConnection("127.0.0.1", self.server.backend)

    def log_message(self, *arguments):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("connection", "accept-encoding")}
        self.backend.request("POST", self.path, body, headers)
        answer = self.backend.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "application/x-amz-json-1.0"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Function:
    """One process of a function under its own Runtime API, its access-log lines collected as they come."""

    def __init__(self, command, environment):
        self.api = RuntimeAPI()
        self.lines, self.other, self.lock = [], [], threading.Lock()
        self.spawned = time.perf_counter_ns()
        self.process = subprocess.Popen(command, env=dict(environment, AWS_LAMBDA_RUNTIME_API=self.api.endpoint),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self.collect, daemon=True).start()

    def collect(self):
        for raw in self.process.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                line = None
            with self.lock:
                if isinstance(line, dict) and "latencyMs" in line:
                    self.lines.append(line)
                else:
                    self.other = (self.other + [raw.decode(errors="replace").rstrip()])[-20:]

    def command(self, event, expected):
        """The round trip (ms) of one command; exits when its answer is not the `expected` status."""
        try:
            path, body, round_trip, self.last_answer = self.api.invoke(event)
        except queue.Empty:
            self.stop()
            sys.exit("command_benchmark: no answer within 60 s; the function's last lines:\n" + "\n".join(self.other))
        status = json.loads(body).get("statusCode") if path.endswith("/response") else None
        if status != expected:
            self.stop()
            sys.exit(f"command_benchmark: expected {expected}, got {path}: {body[:300]!r}")
        return round_trip / 1e6

    def log_lines(self, first, count):
        """Access-log lines `first` ..< `first + count` (waiting a little for the last to be read)."""
        for _ in range(200):
            with self.lock:
                if len(self.lines) >= first + count:
                    return self.lines[first:first + count]
            time.sleep(0.01)
        sys.exit(f"command_benchmark: {len(self.lines)} access-log lines, expected {first + count}")

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.api.close()


def deposit(account):
    return http_event("POST", f"/accounts/{account}/deposit", json.dumps({"amount": 100}), caller="bench")


def open_account(account):
    return http_event("POST", f"/accounts/{account}/open", "{}", caller="bench")


def warm(command, environment, moto, length, warm_up, commands):
    """The per-command figures of `commands` deposits on an account of `length` events, after `warm_up` more."""
    function = Function(command, environment)
    try:
        account = f"bench-{uuid.uuid4().hex[:8]}"
        function.command(open_account(account), 201)
        for _ in range(length - 1 + warm_up):
            function.command(deposit(account), 200)
        cpu, moto_cpu = cpu_ms(function.process.pid), cpu_ms(moto.pid)
        round_trips = [function.command(deposit(account), 200) for _ in range(commands)]
        time.sleep(0.2)  # the last command's work after its answer (a snapshot) counts too
        cpu, moto_cpu = cpu_ms(function.process.pid) - cpu, cpu_ms(moto.pid) - moto_cpu
        lines = function.log_lines(length + warm_up, commands)
        waits = [float(line["dynamoDBMs"]) for line in lines]
        return {
            "cpu": cpu / commands, "moto cpu": moto_cpu / commands, "round trip": statistics.median(round_trips),
            "dynamodb wait": statistics.median(waits),
            "function side": statistics.median(trip - wait for trip, wait in zip(round_trips, waits)),
            "in handler": statistics.median(float(line["latencyMs"]) - float(line["dynamoDBMs"]) for line in lines),
            "requests": statistics.mean(float(line["dynamoDBRequests"]) for line in lines) if "dynamoDBRequests" in lines[0] else None,
            "rss": peak_rss_mb(function.process.pid),
        }
    finally:
        function.stop()


def cold(command, environment, runs, terminator):
    """Per run: ms to the first /next, ms to the first answered command, TLS connections opened."""
    figures = {"next": [], "first": [], "tls": []}
    for _ in range(runs):
        before = terminator.accepted if terminator else 0
        function = Function(command, environment)
        try:
            function.command(open_account(f"cold-{uuid.uuid4().hex[:8]}"), 201)
            figures["next"].append((function.api.first_next - function.spawned) / 1e6)
            figures["first"].append((function.last_answer - function.spawned) / 1e6)
        finally:
            function.stop()
        figures["tls"].append((terminator.accepted - before) if terminator else 0)
    return figures


UNCACHED = "CommandFunction, STATE_CACHE_SIZE=0"
PYTHON = "Python (boto3, awslambdaric)"


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bootstrap", help="CommandFunction's bootstrap (unzipped from dist/)")
    options.add_argument("--python", help="a Python with awslambdaric and boto3, to run Benchmarks/awslambdaric/bank.py")
    options.add_argument("--lengths", default="10,1000")
    options.add_argument("--commands", type=int, default=300)
    options.add_argument("--warm-up", type=int, default=50)
    options.add_argument("--cold-runs", type=int, default=10)
    options.add_argument("--https", action="store_true")
    options.add_argument("--full-bundle", action="store_true")
    options.add_argument("--amazon-roots", action="store_true")
    arguments = options.parse_args()
    lengths = [int(length) for length in arguments.lengths.split(",")]

    moto, moto_endpoint = start_moto()
    scratch = tempfile.TemporaryDirectory()
    try:
        tables = create_tables(moto_endpoint)
        environment = function_environment(moto_endpoint, tables)
        swift = [arguments.bootstrap]
        terminator = None
        python_environment = {}
        if arguments.https:
            terminator = TLSTerminator(scratch.name, int(moto_endpoint.rsplit(":", 1)[1]))
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = f"https://127.0.0.1:{terminator.server_address[1]}"
            bundle = terminator.certificate
            if arguments.full_bundle:
                bundle = os.path.join(scratch.name, "bundle.pem")
                Path(bundle).write_bytes(Path("/etc/ssl/certs/ca-certificates.crt").read_bytes() + Path(terminator.certificate).read_bytes())
            if arguments.amazon_roots:
                roots = Path("/usr/share/ca-certificates/mozilla")
                names = [f"Amazon_Root_CA_{n}.crt" for n in (1, 2, 3, 4)] + ["Starfield_Services_Root_Certificate_Authority_-_G2.crt"]
                bundle = os.path.join(scratch.name, "amazon-root-cas.pem")
                Path(bundle).write_bytes(b"".join((roots / name).read_bytes() for name in names) + Path(terminator.certificate).read_bytes())
                environment["AWS_CA_BUNDLE"] = bundle
            else:
                # unshare and sh exec in place: the pid stays the function's.
                swift = ["unshare", "--map-root-user", "--mount", "/bin/sh", "-c",
                         f'mount --bind {bundle} /etc/ssl/certs/ca-certificates.crt && exec "$0"', arguments.bootstrap]
            python_environment["AWS_CA_BUNDLE"] = bundle
        # The same bootstrap twice: with its state cache (the default), and without it (every load reads the
        # snapshot and the events after it), the cost of a command on a stream the instance has not loaded before.
        functions = {"CommandFunction": (swift, environment),
                     UNCACHED: (swift, dict(environment, STATE_CACHE_SIZE="0"))}
        if arguments.python:
            handlers = str(ROOT / "Benchmarks" / "awslambdaric")
            functions[PYTHON] = (
                [arguments.python, "-m", "awslambdaric", "bank.handler"],
                dict(environment, PYTHONPATH=handlers, LAMBDA_TASK_ROOT=handlers, **python_environment))
        results = {name: {} for name in functions}
        for name, (command, function_env) in functions.items():
            for length in lengths:
                results[name][length] = warm(command, function_env, moto, length, arguments.warm_up, arguments.commands)
            if name != UNCACHED:
                results[name]["cold"] = cold(command, function_env, arguments.cold_runs, terminator)
    finally:
        moto.kill()
        moto.wait()
        scratch.cleanup()
    report(results, lengths, arguments)


def report(results, lengths, arguments):
    names = list(results)
    bundle = " (the system's whole CA bundle)" if arguments.full_bundle else " (Amazon's five roots)" if arguments.amazon_roots else ""
    transport = "HTTPS" + bundle if arguments.https else "HTTP"
    print(f"Per measured command: {arguments.commands} deposits after {arguments.warm_up} warm-up, DynamoDB on moto over {transport}; "
          f"cold starts: {arguments.cold_runs} fresh processes each. Milliseconds unless stated.")
    print()
    swift = [name for name in names if name != PYTHON]
    ratios = [f"Python ÷ {name}" for name in swift] if PYTHON in names else []
    print("| figure | " + " | ".join(names + ratios) + " |")
    print("|---" * (len(names) + len(ratios) + 1) + "|")

    def row(label, values, digits=2, unit=""):
        cells = [("—" if value is None else f"{value:.{digits}f}{unit}") for value in values]
        if ratios:
            python = values[names.index(PYTHON)]
            cells += [f"{python / values[names.index(name)]:.1f}×" if python is not None and values[names.index(name)] else "—"
                      for name in swift]
        print(f"| {label} | " + " | ".join(cells) + " |")

    for length in lengths:
        figures = [results[name][length] for name in names]
        row(f"function CPU per command, stream of {length:,}", [f["cpu"] for f in figures])
        row(f"round trip at the Runtime API (median), {length:,}", [f["round trip"] for f in figures])
        row(f"waiting for DynamoDB (median), {length:,}", [f["dynamodb wait"] for f in figures])
        row(f"function-side: round trip − DynamoDB wait (median), {length:,}", [f["function side"] for f in figures], 3)
        row(f"function-side by its own clock: latency − DynamoDB wait (median), {length:,}", [f["in handler"] for f in figures], 3)
        row(f"moto CPU per command, {length:,}", [f["moto cpu"] for f in figures])
        row(f"DynamoDB requests per command, {length:,}", [f["requests"] for f in figures])
        row(f"peak RSS (MB) after the run, {length:,}", [f["rss"] for f in figures], 1)
    colds = [results[name].get("cold") for name in names]
    if not arguments.cold_runs:
        return

    def each(figure):
        return [figure(c) if c else None for c in colds]

    row("exec → first /next (median)", each(lambda c: statistics.median(c["next"])), 1)
    row("exec → first answered command (median)", each(lambda c: statistics.median(c["first"])), 1)
    row("exec → first answered command (fastest)", each(lambda c: min(c["first"])), 1)
    if arguments.https:
        row("TLS connections per process (median)", each(lambda c: statistics.median(c["tls"])), 0)


if __name__ == "__main__":
    main()
