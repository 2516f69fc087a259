"""Cold starts of the zipped bootstraps in dist/ (scripts/package), as README "Deploying" reports them.

The bootstraps are unzipped once; each run starts a fresh process under a fresh minimal Runtime API on loopback, with
DynamoDB on moto (scripts/lib/moto_serial.py, tables from template.yaml), and times from just before the spawn to its
first GET /next, and to its first answer: for CommandFunction a command (open an account: a load and a conditional
write on moto), for StreamProjector a batch (that account's Opened record: two read-model writes). The file cache is
warm, as it is not on a new Lambda instance. Not run by scripts/test: timings are not tests.

Usage: python3 scripts/lib/cold_start.py [--runs 20] [--dist dist]
"""
import argparse
import base64
import datetime
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3

HERE = Path(__file__).resolve().parent
CREDENTIALS = {
    "aws_access_key_id": "AKIACOLDSTART", "aws_secret_access_key": "cold-start-secret", "region_name": "us-east-1",
}


class RuntimeAPI(ThreadingHTTPServer):
    """One invocation's worth of Lambda Runtime API: the event on the first /next, later /next calls wait forever."""

    daemon_threads = True

    def __init__(self, event):
        self.event, self.first_next, self.answered, self.answer = event, None, None, queue.Queue()
        self.handed_out, self.closing = threading.Lock(), threading.Event()
        super().__init__(("127.0.0.1", 0), RuntimeHandler)

    def handle_error(self, request, client_address):
        pass  # connections reset by the killed process

    @property
    def endpoint(self):
        return f"127.0.0.1:{self.server_address[1]}"


class RuntimeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *arguments):
        pass

    def do_GET(self):
        server = self.server
        if not self.path.endswith("/runtime/invocation/next") or not server.handed_out.acquire(blocking=False):
            self.server.closing.wait()  # the process is killed while it waits here
            return
        server.first_next = time.perf_counter_ns()
        self.send_response(200)
        headers = {
            "Lambda-Runtime-Aws-Request-Id": "cold-1",
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 10_000),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:cold",
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
            "Content-Length": str(len(server.event)),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(server.event)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.answered = time.perf_counter_ns()
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.answer.put((self.path, body))


def cold_start(bootstrap, environment, event):
    """(ms to the first /next, ms to the first answer, the answer's path and body) for one fresh process."""
    server = RuntimeAPI(event)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = time.perf_counter_ns()
    process = subprocess.Popen([bootstrap], env=dict(environment, AWS_LAMBDA_RUNTIME_API=server.endpoint),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path, body = server.answer.get(timeout=20)
    finally:
        process.kill()
        process.wait()
        server.closing.set()
        server.shutdown()
        server.server_close()
    return (server.first_next - started) / 1e6, (server.answered - started) / 1e6, path, body


def start_moto():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
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
    sys.exit("cold_start: moto did not start")


def stream_event(client, streams, table, account):
    """Lambda's DynamoDB Streams event holding the INSERT of `account`'s first event."""
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")
        for record in streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]:
            change = record["dynamodb"]
            if record["eventName"] == "INSERT" and change["Keys"]["pk"]["S"] == f"account#{account}":
                change["ApproximateCreationDateTime"] = change["ApproximateCreationDateTime"].timestamp()
                record["eventSourceARN"] = arn
                return json.dumps({"Records": [record]}, default=lambda b: base64.b64encode(b).decode()).encode()
    sys.exit(f"cold_start: no stream record for {account}")


def http_event(method, path, body):
    return json.dumps({
        "version": "2.0", "routeKey": f"{method} {path}", "rawPath": path, "rawQueryString": "", "headers": {},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "api.example", "requestId": str(uuid.uuid4()),
            "stage": "$default", "time": "27/Nov/2026:10:00:00 +0000", "timeEpoch": 1795769297000,
            "http": {
                "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "cold",
            },
            "authorizer": {"jwt": {"claims": {"sub": "cold"}, "scopes": []}},
        },
        "body": body, "isBase64Encoded": False,
    }).encode()


def summary(name, samples):
    ordered = sorted(samples)
    return f"| {name} | {statistics.median(ordered):.1f} | {ordered[0]:.1f} | {ordered[-1]:.1f} |"


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=20)
    options.add_argument("--dist", default="dist")
    arguments = options.parse_args()

    template = HERE.parent.parent / "template.yaml"
    settings = json.loads(subprocess.run([sys.executable, str(HERE / "template_settings.py"), str(template)],
                                         check=True, capture_output=True, text=True).stdout)
    moto, endpoint = start_moto()
    try:
        client = boto3.client("dynamodb", endpoint_url=endpoint, **CREDENTIALS)
        streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, **CREDENTIALS)
        tables = {}
        for logical, definition in settings["tables"].items():
            tables[logical] = f"{logical}-{uuid.uuid4().hex[:8]}"
            definition = {key: value for key, value in definition.items() if key != "TimeToLiveAttribute"}
            client.create_table(TableName=tables[logical], **definition)
        with tempfile.TemporaryDirectory() as scratch:
            bootstraps = {}
            for function in ("CommandFunction", "StreamProjector"):
                with zipfile.ZipFile(Path(arguments.dist, f"{function}.zip")) as archive:
                    bootstraps[function] = archive.extract("bootstrap", Path(scratch, function))
                os.chmod(bootstraps[function], 0o755)
            environment = {
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"], "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
                "EVENTS_TABLE": tables["EventsTable"], "PROJECTIONS_TABLE": tables["ProjectionsTable"],
                "AWS_LAMBDA_LOG_FORMAT": "JSON",
            }
            # Per function: what its first answer is, the event of a run (made when it is due: the projector's is the
            # record of the account the command opened), and what a right answer looks like.
            cases = {
                "CommandFunction": ("command (open an account)",
                                    lambda account: http_event("POST", f"/accounts/{account}/open", "{}"),
                                    lambda answer: answer["statusCode"] == 201),
                "StreamProjector": ("batch (one Opened record)",
                                    lambda account: stream_event(client, streams, tables["EventsTable"], account),
                                    lambda answer: answer["batchItemFailures"] == []),
            }
            figures = {function: ([], []) for function in cases}
            for run in range(arguments.runs):
                for function, (_, event, right) in cases.items():
                    bootstrap = bootstraps[function]
                    first_next, answered, path, body = cold_start(bootstrap, environment, event(f"cold-{run}"))
                    if not path.endswith("/response") or not right(json.loads(body)):
                        sys.exit(f"cold_start: {function} answered {path}: {body[:300]!r}")
                    figures[function][0].append(first_next)
                    figures[function][1].append(answered)
    finally:
        moto.kill()
        moto.wait()
    print(f"{arguments.runs} cold starts each, {datetime.date.today()}; milliseconds (median | min | max)")
    print("| figure | median | min | max |")
    print("|---|---|---|---|")
    for function, (nexts, answers) in figures.items():
        print(summary(f"{function}: exec → first /next", nexts))
        print(summary(f"{function}: exec → first answered {cases[function][0]}", answers))


if __name__ == "__main__":
    main()
