"""moto's DynamoDB-compatible server, handling one request at a time.

`moto_server` serves requests on threads, and moto checks a write's condition and then stores the item with no lock
in between: under load, two conditional PutItems of the same key can both pass and both answer 200 (the second
overwriting the first), which real DynamoDB never does. One request at a time makes every conditional write atomic,
as in DynamoDB; moto is bound to one core by the GIL anyway. TCP_NODELAY is set, or every answer stalls ~40 ms.

Usage: python3 moto_serial.py HOST PORT
"""
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, run_simple


class NoDelayHandler(WSGIRequestHandler):
    disable_nagle_algorithm = True


host, port = sys.argv[1], int(sys.argv[2])
run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False, request_handler=NoDelayHandler)
