# The peer for the command benchmark: the bank's open and deposit commands as a Python team would write them on
# Lambda without a framework. boto3 on the official runtime interface client, one item per event (pk = the stream,
# sk = the version), a load that queries every event, a conditional put per command, no snapshots. API Gateway
# HTTP API (payload 2.0) events in and out, the caller from the JWT authorizer's `sub`. One log line per request
# with its latency and the time spent waiting for DynamoDB, as CommandFunction logs. Not a product: a yardstick.
import json
import os
import time
import uuid

import boto3
from botocore.exceptions import ClientError

TABLE = os.environ["EVENTS_TABLE"]
dynamodb = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
waited = [0.0]


def timed(call, **arguments):
    started = time.perf_counter()
    try:
        return call(**arguments)
    finally:
        waited[0] += time.perf_counter() - started


def answer(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def load(stream):
    """The account's state folded from all its events, and its version."""
    state, version, start = {"open": False, "owner": None, "balance": 0}, 0, None
    while True:
        page = timed(
            dynamodb.query, TableName=TABLE, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": stream}},
            ConsistentRead=True, **({"ExclusiveStartKey": start} if start else {}))
        for item in page["Items"]:
            data = json.loads(item["data"]["S"])
            if item["type"]["S"] == "Opened":
                state.update(open=True, owner=data["owner"])
            elif item["type"]["S"] == "Deposited":
                state["balance"] += data["amount"]
            version = int(item["sk"]["N"])
        start = page.get("LastEvaluatedKey")
        if not start:
            return state, version


def append(stream, version, kind, data):
    timed(
        dynamodb.put_item, TableName=TABLE, ConditionExpression="attribute_not_exists(pk)",
        Item={"pk": {"S": stream}, "sk": {"N": str(version)}, "type": {"S": kind}, "data": {"S": json.dumps(data)},
              "eventId": {"S": str(uuid.uuid4())}, "timestamp": {"N": "%.3f" % time.time()}})


def handler(event, context):
    started, waited[0] = time.perf_counter(), 0.0
    answer = command(event)
    print(json.dumps({"status": answer["statusCode"], "latencyMs": "%.3f" % ((time.perf_counter() - started) * 1000),
                      "dynamoDBMs": "%.3f" % (waited[0] * 1000)}), flush=True)
    return answer


def command(event):
    owner = event["requestContext"].get("authorizer", {}).get("jwt", {}).get("claims", {}).get("sub")
    if not owner:
        return answer(401, {"error": "unauthorized"})
    method, path = event["requestContext"]["http"]["method"], event["rawPath"].strip("/").split("/")
    if method != "POST" or len(path) != 3 or path[0] != "accounts" or path[2] not in ("open", "deposit"):
        return answer(404, {"error": "not_found"})
    try:
        body = json.loads(event.get("body") or "{}")
    except ValueError:
        return answer(400, {"error": "invalid_json"})
    stream = "account#" + path[1]
    state, version = load(stream)
    try:
        if path[2] == "open":
            if version:
                return answer(409, {"error": "already_exists"})
            append(stream, 1, "Opened", {"owner": owner})
            return answer(201, {"id": path[1], "version": 1, "events": ["Opened"]})
        if not state["open"] or state["owner"] != owner:
            return answer(404, {"error": "not_found"})
        amount = body.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            return answer(400, {"error": "invalid_request"})
        append(stream, version + 1, "Deposited", {"amount": amount})
        return answer(200, {"id": path[1], "version": version + 1, "events": ["Deposited"]})
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return answer(409, {"error": "conflict"})
        raise
