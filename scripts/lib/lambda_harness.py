"""What the measuring scripts share: a minimal Lambda Runtime API on loopback, moto with template.yaml's tables, API
Gateway events, and a process's CPU time and peak memory from /proc. Not a test double for the tests (they use the
Swift RuntimeAPIServer); a harness for timing bootstraps from the outside, as Lambda would run them.
"""
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CREDENTIALS = {"aws_access_key_id": "AKIAHARNESS", "aws_secret_access_key": "harness-secret", "region_name": "us-east-1"}


class RuntimeAPI(ThreadingHTTPServer):
    """Hands out the events given to `invoke` one per GET /next, and returns each answer with its round trip: from
    the moment the event was written to the runtime to the moment its answer arrived. A /next with nothing to hand
    out waits (until `close`)."""

    daemon_threads = True

    def __init__(self):
        self.events, self.answers, self.closing = queue.Queue(), queue.Queue(), threading.Event()
        self.first_next, self.handed_out = None, None
        super().__init__(("127.0.0.1", 0), RuntimeHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return f"127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        pass  # connections reset by a killed process

    def invoke(self, event, timeout=60):
        """(path, body, round trip in ns, arrival time in perf_counter ns) of the answer to `event`."""
        self.events.put(event)
        path, body, arrived = self.answers.get(timeout=timeout)
        return path, body, arrived - self.handed_out, arrived

    def close(self):
        self.closing.set()
        self.shutdown()
        self.server_close()


class RuntimeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *arguments):
        pass

    def do_GET(self):
        server = self.server
        server.first_next = server.first_next or time.perf_counter_ns()
        while not server.closing.is_set():
            try:
                event = server.events.get(timeout=0.2)
                break
            except queue.Empty:
                continue
        else:
            return
        self.send_response(200)
        for name, value in {
            "Lambda-Runtime-Aws-Request-Id": str(uuid.uuid4()), "Content-Length": str(len(event)),
            "Content-Type": "application/json",  # awslambdaric crashes (SIGSEGV) on an event without it
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30_000),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:harness",
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
        }.items():
            self.send_header(name, value)
        server.handed_out = time.perf_counter_ns()  # before the head is sent: the runtime cannot answer sooner
        self.end_headers()
        self.wfile.write(event)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        arrived = time.perf_counter_ns()
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        if "/invocation/" in self.path:
            self.server.answers.put((self.path, body, arrived))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto():
    """moto (moto_serial.py) on a free loopback port: (process, endpoint)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(HERE / "moto_serial.py"), "127.0.0.1", str(port), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            return process, endpoint
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("moto did not start")


def create_tables(endpoint):
    """template.yaml's tables on moto, each under a fresh name: {logical name: table name}."""
    settings = json.loads(subprocess.run([sys.executable, str(HERE / "template_settings.py"), str(ROOT / "template.yaml")],
                                         check=True, capture_output=True, text=True).stdout)
    client = boto3.client("dynamodb", endpoint_url=endpoint, **CREDENTIALS)
    tables = {}
    for logical, definition in settings["tables"].items():
        tables[logical] = f"{logical}-{uuid.uuid4().hex[:8]}"
        client.create_table(TableName=tables[logical], **{k: v for k, v in definition.items() if k != "TimeToLiveAttribute"})
    return tables


def function_environment(endpoint, tables):
    """What Lambda and template.yaml give the functions, pointed at `endpoint`. FUNCTION_LD_LIBRARY_PATH, when set,
    becomes the functions' LD_LIBRARY_PATH (and not this script's): to measure them with other shared libraries, such
    as another build of OpenSSL."""
    environment = {
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"], "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "EVENTS_TABLE": tables["EventsTable"], "PROJECTIONS_TABLE": tables["ProjectionsTable"],
        "AWS_LAMBDA_LOG_FORMAT": "JSON", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SNAPSHOT_INTERVAL": os.environ.get("SNAPSHOT_INTERVAL", "100"),
    }
    if os.environ.get("FUNCTION_LD_LIBRARY_PATH"):
        environment["LD_LIBRARY_PATH"] = os.environ["FUNCTION_LD_LIBRARY_PATH"]
    return environment


def http_event(method, path, body, caller="harness"):
    """An API Gateway HTTP API (payload 2.0) event, the caller in the JWT authorizer's `sub`."""
    return json.dumps({
        "version": "2.0", "routeKey": f"{method} {path}", "rawPath": path, "rawQueryString": "", "headers": {},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "api.example", "requestId": str(uuid.uuid4()),
            "stage": "$default", "time": "27/Nov/2026:10:00:00 +0000", "timeEpoch": 1795769297000,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "harness"},
            "authorizer": {"jwt": {"claims": {"sub": caller}, "scopes": []}},
        },
        "body": body, "isBase64Encoded": False,
    }).encode()


def cpu_ms(pid):
    """CPU time (utime + stime) of a process, in milliseconds (10 ms ticks)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    """A process's peak resident memory (VmHWM), in MB."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return 0.0
