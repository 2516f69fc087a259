"""Signs one request with botocore's SigV4Auth at a fixed time and prints its Authorization header.

Reads JSON on stdin: url, method, headers, body, access_key, secret_key, token (or null), region, service, timestamp.
The reference implementation for SigV4Signer's tests; botocore is installed by scripts/lib/ensure-dependencies.
"""
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode(), headers=spec["headers"])
request.context["timestamp"] = spec["timestamp"]
signer = SigV4Auth(Credentials(spec["access_key"], spec["secret_key"], spec["token"]), spec["service"], spec["region"])
# add_auth would take the current time; these are its steps with the time fixed.
signer._modify_request_before_signing(request)
canonical = signer.canonical_request(request)
signature = signer.signature(signer.string_to_sign(request, canonical), request)
signer._inject_signature_to_request(request, signature)
print(request.headers["Authorization"])
