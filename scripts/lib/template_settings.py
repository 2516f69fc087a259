"""Prints what the local environment and the tests need from template.yaml, as JSON, so that they run exactly what the
template deploys:

- tables: each DynamoDB table's keys, attribute types, billing, stream and TTL attribute;
- functions: each function's timeout, memory and environment (Globals merged; a Ref to a parameter is its default,
  a Ref to a table is the table's logical id, which is its name locally);
- routes: each HTTP API route (method, path, function);
- streams: each DynamoDB stream event source mapping's settings.

Usage: python3 template_settings.py template.yaml > settings.json
"""
import json
import sys

from samtranslator.yaml_helper import yaml_parse

with open(sys.argv[1]) as handle:
    template = yaml_parse(handle.read())
resources = template["Resources"]
parameters = template.get("Parameters", {})
globals_ = template.get("Globals", {}).get("Function", {})


def resolve(value):
    """A template value as the string a function sees in its environment."""
    if isinstance(value, dict) and set(value) == {"Ref"}:
        name = value["Ref"]
        if name in parameters:
            if "Default" not in parameters[name]:
                sys.exit(f"template_settings: parameter {name} has no default, so it has no local value")
            return str(parameters[name]["Default"])
        if resources.get(name, {}).get("Type") == "AWS::DynamoDB::Table":
            return name
        sys.exit(f"template_settings: no local value for Ref {name}")
    if isinstance(value, (dict, list)):
        sys.exit(f"template_settings: no local value for {json.dumps(value)}")
    return str(value)


def table_of(stream_arn):
    """The table behind `!GetAtt Table.StreamArn`."""
    target = stream_arn.get("Fn::GetAtt") if isinstance(stream_arn, dict) else None
    if isinstance(target, str):
        target = target.split(".")
    if not target or target[1] != "StreamArn":
        sys.exit(f"template_settings: a stream source must be !GetAtt TABLE.StreamArn, not {stream_arn}")
    return target[0]


tables, functions, routes, streams = {}, {}, [], []
for name, body in resources.items():
    properties = body.get("Properties", {})
    if body["Type"] == "AWS::DynamoDB::Table":
        table = {key: properties[key] for key in ("AttributeDefinitions", "KeySchema", "BillingMode")}
        if "StreamSpecification" in properties:
            table["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": properties["StreamSpecification"]["StreamViewType"]}
        if properties.get("TimeToLiveSpecification", {}).get("Enabled"):
            table["TimeToLiveAttribute"] = properties["TimeToLiveSpecification"]["AttributeName"]
        tables[name] = table
    elif body["Type"] == "AWS::Serverless::Function":
        environment = dict(globals_.get("Environment", {}).get("Variables", {}))
        environment.update(properties.get("Environment", {}).get("Variables", {}))
        functions[name] = {
            "timeout": int(properties.get("Timeout", globals_.get("Timeout", 3))),
            "memorySize": int(properties.get("MemorySize", globals_.get("MemorySize", 128))),
            "environment": {key: resolve(value) for key, value in environment.items()},
        }
        for event in properties.get("Events", {}).values():
            settings = event.get("Properties", {})
            if event["Type"] == "HttpApi":
                routes.append({"method": settings.get("Method", "ANY").upper(), "path": settings.get("Path", "$default"), "function": name})
            elif event["Type"] == "DynamoDB":
                streams.append({
                    "function": name,
                    "table": table_of(settings["Stream"]),
                    "startingPosition": settings["StartingPosition"],
                    "batchSize": int(settings.get("BatchSize", 100)),
                    "maximumBatchingWindowInSeconds": int(settings.get("MaximumBatchingWindowInSeconds", 0)),
                    "reportBatchItemFailures": "ReportBatchItemFailures" in settings.get("FunctionResponseTypes", []),
                    "bisectBatchOnFunctionError": bool(settings.get("BisectBatchOnFunctionError", False)),
                    "maximumRetryAttempts": int(settings.get("MaximumRetryAttempts", -1)),
                    "maximumRecordAgeInSeconds": int(settings.get("MaximumRecordAgeInSeconds", -1)),
                })
json.dump({"tables": tables, "functions": functions, "routes": routes, "streams": streams}, sys.stdout, indent=2)
