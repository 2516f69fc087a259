"""botocore's SigV4 signatures per second for the same PutItem request ClientBenchmark signs: the reference rate."""
import timeit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

auth = SigV4Auth(Credentials("AKIAEXAMPLE123", "secret", "token"), "dynamodb", "eu-west-1")
body = (b'{"TableName":"events","Item":{"pk":{"S":"account#acc-1"},"sk":{"N":"42"},"type":{"S":"Deposited"},'
        b'"data":{"M":{"amount":{"N":"100"}}},"eventId":{"S":"0f8fad5b-d9cb-469f-a165-70867728950e"},'
        b'"timestamp":{"N":"1795769297.123"}},"ConditionExpression":"attribute_not_exists(sk)"}')


def sign():
    request = AWSRequest(method="POST", url="https://dynamodb.eu-west-1.amazonaws.com/", data=body,
                         headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.PutItem"})
    auth.add_auth(request)


count = 5000
print(round(count / timeit.timeit(sign, number=count)))
