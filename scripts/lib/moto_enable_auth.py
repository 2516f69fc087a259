"""Turns on signature checking in a moto server and prints credentials that pass it, as JSON.

Creates an IAM user with an access key and a policy allowing DynamoDB, a role the user may assume (for STS
temporary credentials with a session token), then enables moto's authentication. Usage:
    python3 moto_enable_auth.py http://127.0.0.1:PORT > credentials.json
"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]
bootstrap = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam = boto3.client("iam", **bootstrap)
allow_dynamodb = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:*", "sts:AssumeRole"], "Resource": "*"}]})

iam.create_user(UserName="tester")
policy = iam.create_policy(PolicyName="dynamodb-all", PolicyDocument=allow_dynamodb)["Policy"]["Arn"]
iam.attach_user_policy(UserName="tester", PolicyArn=policy)
key = iam.create_access_key(UserName="tester")["AccessKey"]

trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
role = iam.create_role(RoleName="tester-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
iam.put_role_policy(RoleName="tester-role", PolicyName="dynamodb-all", PolicyDocument=allow_dynamodb)

request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", headers={"Content-Type": "text/plain"}, method="POST")
urllib.request.urlopen(request).read()

sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
temporary = sts.assume_role(RoleArn=role, RoleSessionName="tests")["Credentials"]

json.dump({
    "user": {"accessKeyID": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]},
    "temporary": {"accessKeyID": temporary["AccessKeyId"], "secretAccessKey": temporary["SecretAccessKey"],
                  "sessionToken": temporary["SessionToken"]},
}, sys.stdout)
