"""Prints template.yaml's DynamoDB tables as JSON (keys, attribute types, billing, stream, TTL attribute), so that
tests and the local environment create exactly the tables the template deploys.

Usage: python3 table_definitions.py template.yaml > tables.json
"""
import json
import sys

from samtranslator.yaml_helper import yaml_parse

with open(sys.argv[1]) as handle:
    template = yaml_parse(handle.read())
tables = {}
for name, body in template["Resources"].items():
    if body["Type"] != "AWS::DynamoDB::Table":
        continue
    properties = body["Properties"]
    table = {key: properties[key] for key in ("AttributeDefinitions", "KeySchema", "BillingMode")}
    if "StreamSpecification" in properties:
        table["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": properties["StreamSpecification"]["StreamViewType"]}
    if properties.get("TimeToLiveSpecification", {}).get("Enabled"):
        table["TimeToLiveAttribute"] = properties["TimeToLiveSpecification"]["AttributeName"]
    tables[name] = table
json.dump(tables, sys.stdout, indent=2)
