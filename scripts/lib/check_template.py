"""Checks template.yaml offline: cfn-lint, the SAM translator, and what product.md requires of the deployment.

Prints one line per check and a closing 'template: N passed, N failed'; exits non-zero on any failure.
"""
import os
import subprocess
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator needs a region for ARNs; no call is made
results = []


def check(name, condition):
    results.append(bool(condition))
    print(("ok    " if condition else "FAIL  ") + name)


lint = subprocess.run(["cfn-lint", path], capture_output=True, text=True)
check("cfn-lint reports nothing" + ("" if lint.returncode == 0 else ":\n" + lint.stdout + lint.stderr), lint.returncode == 0)
sys.stdout.flush()


class NoManagedPolicies:
    def load(self):
        return {}


with open(path) as handle:
    template = yaml_parse(handle.read())
# What `sam package` does before the transform: local code becomes an S3 object.
for body in template["Resources"].values():
    if body["Type"] == "AWS::Serverless::Function":
        body["Properties"]["CodeUri"] = "s3://bucket/code.zip"
output = transform(template, {"JwtIssuer": "https://issuer.example", "JwtAudience": "client"}, NoManagedPolicies())
resources = output["Resources"]
check("the SAM translator produces a CloudFormation template", "Transform" not in output and resources)


def of_type(kind):
    return {name: body["Properties"] for name, body in resources.items() if body["Type"] == kind}


tables = of_type("AWS::DynamoDB::Table")
for name in ("EventsTable", "ProjectionsTable"):
    table = tables.get(name, {})
    check(f"{name}: on-demand, TTL on expiresAt, point-in-time recovery",
          table.get("BillingMode") == "PAY_PER_REQUEST"
          and table.get("TimeToLiveSpecification") == {"AttributeName": "expiresAt", "Enabled": True}
          and table.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") is True)
events = tables.get("EventsTable", {})
check("EventsTable: pk (S) / sk (N), stream with new and old images",
      events.get("KeySchema") == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
      and {"AttributeName": "sk", "AttributeType": "N"} in events.get("AttributeDefinitions", [])
      and events.get("StreamSpecification", {}).get("StreamViewType") == "NEW_AND_OLD_IMAGES")

feed = tables.get("FeedTable", {})
check("FeedTable: on-demand, point-in-time recovery, pk (S) / sk (N), no stream",
      feed.get("BillingMode") == "PAY_PER_REQUEST"
      and feed.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") is True
      and feed.get("KeySchema") == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
      and {"AttributeName": "sk", "AttributeType": "N"} in feed.get("AttributeDefinitions", [])
      and "StreamSpecification" not in feed)

functions = of_type("AWS::Lambda::Function")
for name in ("CommandFunction", "StreamProjector"):
    function = functions.get(name, {})
    check(f"{name}: provided.al2023, handler bootstrap, tables in its environment",
          function.get("Runtime") == "provided.al2023" and function.get("Handler") == "bootstrap"
          and {"EVENTS_TABLE", "PROJECTIONS_TABLE"} <= set(function.get("Environment", {}).get("Variables", {})))

projector_variables = functions.get("StreamProjector", {}).get("Environment", {}).get("Variables", {})
roles = {name: body["Properties"] for name, body in resources.items() if body["Type"] == "AWS::IAM::Role"}


def statements(role):
    return [statement for policy in roles.get(role, {}).get("Policies", []) for statement in policy["PolicyDocument"]["Statement"]]


feed_grants = [s for s in statements("StreamProjectorRole") if "FeedTable" in str(s.get("Resource"))]
check("StreamProjector: FEED_TABLE names the feed table, which only it may write (items and conditions, no scan or delete)",
      projector_variables.get("FEED_TABLE") == {"Ref": "FeedTable"}
      and len(feed_grants) == 1 and set(feed_grants[0]["Action"]) == {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem",
                                                                         "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"}
      and not any("FeedTable" in str(s.get("Resource")) for s in statements("CommandFunctionRole")))

apis = [body["Properties"]["Body"] for body in resources.values() if body["Type"] == "AWS::ApiGatewayV2::Api"]
api = apis[0] if apis else {"paths": {}, "components": {}}
scheme = api.get("components", {}).get("securitySchemes", {}).get("JwtAuthorizer", {}).get("x-amazon-apigateway-authorizer", {})
check("the HTTP API has a JWT authorizer on the Authorization header, issuer and audience from the parameters",
      scheme.get("type") == "jwt" and scheme.get("identitySource") == "$request.header.Authorization"
      and scheme.get("jwtConfiguration") == {"issuer": {"Ref": "JwtIssuer"}, "audience": [{"Ref": "JwtAudience"}]})
for route in ["POST /accounts/{id}/open", "POST /accounts/{id}/deposit", "POST /accounts/{id}/withdraw",
              "POST /accounts/{id}/close", "GET /accounts/{id}", "GET /accounts/{id}/events", "GET /accounts"]:
    method, route_path = route.split(" ")
    operation = api["paths"].get(route_path, {}).get(method.lower(), {})
    integration = operation.get("x-amazon-apigateway-integration", {})
    check(f"route {route}: CommandFunction, payload 2.0, behind the JWT authorizer",
          integration.get("payloadFormatVersion") == "2.0" and "CommandFunction.Arn" in str(integration.get("uri"))
          and operation.get("security") == [{"JwtAuthorizer": []}])

mappings = list(of_type("AWS::Lambda::EventSourceMapping").values())
mapping = mappings[0] if mappings else {}
check("stream mapping: batch failures reported, bisect on error, bounded retries and record age, on-failure queue",
      mapping.get("FunctionResponseTypes") == ["ReportBatchItemFailures"] and mapping.get("BisectBatchOnFunctionError") is True
      and 0 < mapping.get("MaximumRetryAttempts", -1) <= 10000 and 0 < mapping.get("MaximumRecordAgeInSeconds", -1)
      and "OnFailure" in mapping.get("DestinationConfig", {}))

policies = str(of_type("AWS::IAM::Role"))
check("least privilege: no wildcard actions or resources", "dynamodb:*" not in policies and "'Resource': '*'" not in policies)
check("outputs: API URL and table names", {"ApiUrl", "EventsTableName", "ProjectionsTableName", "FeedTableName"} <= set(output.get("Outputs", {})))

failed = results.count(False)
print(f"template: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
