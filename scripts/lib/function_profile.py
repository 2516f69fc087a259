"""Start-up, memory and CPU of a CommandFunction bootstrap on moto, over plain HTTP or over HTTPS (README, "The DynamoDB
client"; not run by scripts/test: timings are not tests).

Each run starts a fresh process under a minimal Runtime API on loopback, with tables from template.yaml on moto
(scripts/lib/moto_serial.py), and hands it an account opening, then WARM deposits. It reports exec → first GET /next,
exec → first answered command, VmHWM after the first command and after the last, and the CPU time (utime + stime) per
warm command. With --https, a TLS terminator in front of moto with a certificate of its own serves DynamoDB, and the
function runs in a mount namespace of its own (unshare) where the system's CA bundle is that certificate, with
--full-bundle the system's bundle plus that certificate (so that OpenSSL parses as many certificates as it would on
Lambda); it also counts the TLS connections each process opened. The namespace costs about 4 ms of the start.

Usage: python3 scripts/lib/function_profile.py BOOTSTRAP [--runs 10] [--warm 20] [--https [--full-bundle]]
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

import boto3

from cold_start import CREDENTIALS, http_event, start_moto

HERE = Path(__file__).resolve().parent


class RuntimeAPI(http.server.ThreadingHTTPServer):
    """Hands out `events` one per GET /next (later ones wait until closing); records each answer's arrival."""

    daemon_threads = True

    def __init__(self, events):
        self.events, self.lock, self.first_next = list(events), threading.Lock(), None
        self.answers, self.closing = queue.Queue(), threading.Event()
        super().__init__(("127.0.0.1", 0), RuntimeHandler)

    def handle_error(self, request, client_address):
        pass


class RuntimeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *arguments):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.first_next = server.first_next or time.perf_counter_ns()
            event = server.events.pop(0) if server.events else None
        if event is None:
            server.closing.wait()
            return
        self.send_response(200)
        for name, value in {
            "Lambda-Runtime-Aws-Request-Id": str(uuid.uuid4()), "Content-Length": str(len(event)),
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30_000),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:profile",
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
        }.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(event)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        arrived = time.perf_counter_ns()
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.answers.put((arrived, self.path, body))


class TLSTerminator(http.server.ThreadingHTTPServer):
    """HTTPS in front of moto (HTTP/1.1 keep-alive towards the client), counting the TLS connections it accepts."""

    daemon_threads = True

    def __init__(self, directory, backend):
        self.backend, self.connections = backend, itertools.count(1)
        self.certificate, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", self.certificate,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        super().__init__(("127.0.0.1", 0), TLSHandler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, key)
        self.socket = context.wrap_socket(self.socket, server_side=True)
        self.accepted = 0

    def handle_error(self, request, client_address):
        pass


class TLSHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.server.accepted = next(self.server.connections)

    def log_message(self, *arguments):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("connection", "accept-encoding")}
        backend = http.client.HTTPConnection("127.0.0.1", self.server.backend)
        backend.request("POST", self.path, body, headers)
        answer = backend.getresponse()
        data = answer.read()
        backend.close()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "application/x-amz-json-1.0"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def status(pid):
    """VmHWM (MB) and CPU time (ms) of a process."""
    memory = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in open(f"/proc/{pid}/status") if line.startswith("VmHWM")}
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return memory["VmHWM"], (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def run(command, environment, events):
    """One process: (ms to the first /next, ms to each answer, VmHWM and CPU after the first and after the last)."""
    api = RuntimeAPI(events)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    started = time.perf_counter_ns()
    process = subprocess.Popen(command, env=dict(environment, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{api.server_address[1]}"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answers, first, last = [], None, None
    try:
        for index in range(len(events)):
            arrived, path, body = api.answers.get(timeout=60)
            if not path.endswith("/response") or json.loads(body).get("statusCode", 500) >= 400:
                sys.exit(f"function_profile: command {index} answered {path}: {body[:300]!r}")
            answers.append((arrived - started) / 1e6)
            if index == 0:
                first = status(process.pid)
        time.sleep(0.05)
        last = status(process.pid)
    finally:
        process.kill()
        process.wait()
        api.closing.set()
        api.shutdown()
        api.server_close()
    return (api.first_next - started) / 1e6, answers, first, last


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bootstrap")
    options.add_argument("--runs", type=int, default=10)
    options.add_argument("--warm", type=int, default=20)
    options.add_argument("--https", action="store_true")
    options.add_argument("--full-bundle", action="store_true")
    arguments = options.parse_args()
    settings = json.loads(subprocess.run([sys.executable, str(HERE / "template_settings.py"), str(HERE.parent.parent / "template.yaml")],
                                         check=True, capture_output=True, text=True).stdout)
    moto, moto_endpoint = start_moto()
    port = int(moto_endpoint.rsplit(":", 1)[1])
    scratch = tempfile.TemporaryDirectory()
    try:
        client = boto3.client("dynamodb", endpoint_url=moto_endpoint, **CREDENTIALS)
        tables = {}
        for logical, definition in settings["tables"].items():
            tables[logical] = f"{logical}-{uuid.uuid4().hex[:8]}"
            client.create_table(TableName=tables[logical], **{k: v for k, v in definition.items() if k != "TimeToLiveAttribute"})
        endpoint, command, terminator = f"http://127.0.0.1:{port}", [arguments.bootstrap], None
        if arguments.https:
            terminator = TLSTerminator(scratch.name, port)
            threading.Thread(target=terminator.serve_forever, daemon=True).start()
            endpoint = f"https://127.0.0.1:{terminator.server_address[1]}"
            bundle = terminator.certificate
            if arguments.full_bundle:
                bundle = os.path.join(scratch.name, "bundle.pem")
                Path(bundle).write_bytes(Path("/etc/ssl/certs/ca-certificates.crt").read_bytes() + Path(terminator.certificate).read_bytes())
            # unshare and sh exec in place: the pid stays the function's.
            command = ["unshare", "--map-root-user", "--mount", "/bin/sh", "-c",
                       f'mount --bind {bundle} /etc/ssl/certs/ca-certificates.crt && exec "$0"', arguments.bootstrap]
        environment = {
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"], "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "EVENTS_TABLE": tables["EventsTable"], "PROJECTIONS_TABLE": tables["ProjectionsTable"], "AWS_LAMBDA_LOG_FORMAT": "JSON",
        }
        figures = {"next": [], "first": [], "rss first": [], "rss last": [], "cpu first": [], "cpu warm": [], "tls": []}
        for _ in range(arguments.runs):
            account = f"profile-{uuid.uuid4().hex[:8]}"
            events = [http_event("POST", f"/accounts/{account}/open", "{}")] + [
                http_event("POST", f"/accounts/{account}/deposit", json.dumps({"amount": 100})) for _ in range(arguments.warm)]
            before = terminator.accepted if terminator else 0
            first_next, answers, first, last = run(command, environment, events)
            figures["next"].append(first_next)
            figures["first"].append(answers[0])
            figures["rss first"].append(first[0])
            figures["rss last"].append(last[0])
            figures["cpu first"].append(first[1])
            figures["cpu warm"].append((last[1] - first[1]) / max(1, arguments.warm))
            figures["tls"].append((terminator.accepted - before) if terminator else 0)
    finally:
        moto.kill()
        moto.wait()
        scratch.cleanup()
    median = statistics.median
    print(f"{arguments.runs} runs of {arguments.bootstrap} over {'HTTPS' if arguments.https else 'HTTP'}, each 1 + {arguments.warm} commands")
    print(f"| exec → first /next (ms, median / min) | {median(figures['next']):.1f} / {min(figures['next']):.1f} |")
    print(f"| exec → first answered command (ms, median / min) | {median(figures['first']):.1f} / {min(figures['first']):.1f} |")
    print(f"| VmHWM after the first command / after the last (MB, median) | {median(figures['rss first']):.1f} / {median(figures['rss last']):.1f} |")
    print(f"| CPU to the first answer / per warm command (ms, median; 10 ms ticks) | {median(figures['cpu first']):.0f} / {median(figures['cpu warm']):.2f} |")
    if arguments.https:
        print(f"| TLS connections opened per process (median) | {median(figures['tls']):.0f} |")


if __name__ == "__main__":
    main()
