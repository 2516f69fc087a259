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
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import boto3

from lambda_harness import CREDENTIALS, RuntimeAPI, create_tables, function_environment, http_event, start_moto


def cold_start(bootstrap, environment, event):
    """(ms to the first /next, ms to the first answer, the answer's path and body) for one fresh process."""
    api = RuntimeAPI()
    started = time.perf_counter_ns()
    process = subprocess.Popen([bootstrap], env=dict(environment, AWS_LAMBDA_RUNTIME_API=api.endpoint),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path, body, _, answered = api.invoke(event, timeout=20)
    finally:
        process.kill()
        process.wait()
        api.close()
    return (api.first_next - started) / 1e6, (answered - started) / 1e6, path, body


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


def summary(name, samples):
    ordered = sorted(samples)
    return f"| {name} | {statistics.median(ordered):.1f} | {ordered[0]:.1f} | {ordered[-1]:.1f} |"


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=20)
    options.add_argument("--dist", default="dist")
    arguments = options.parse_args()

    moto, endpoint = start_moto()
    try:
        tables = create_tables(endpoint)
        client = boto3.client("dynamodb", endpoint_url=endpoint, **CREDENTIALS)
        streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, **CREDENTIALS)
        with tempfile.TemporaryDirectory() as scratch:
            bootstraps = {}
            for function in ("CommandFunction", "StreamProjector"):
                with zipfile.ZipFile(Path(arguments.dist, f"{function}.zip")) as archive:
                    bootstraps[function] = archive.extract("bootstrap", Path(scratch, function))
                os.chmod(bootstraps[function], 0o755)
            environment = function_environment(endpoint, tables)
            # Per function: what its first answer is, the event of a run (made when it is due: the projector's is the
            # record of the account the command opened), and what a right answer looks like.
            cases = {
                "CommandFunction": ("command (open an account)",
                                    lambda account: http_event("POST", f"/accounts/{account}/open", "{}", caller="cold"),
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
