"""moto's DynamoDB-compatible server, handling one request at a time.

`moto_server` serves requests on threads, and moto checks a write's condition and then stores the item with no lock
in between: under load, two conditional PutItems of the same key can both pass and both answer 200 (the second
overwriting the first), which real DynamoDB never does. One request at a time makes every conditional write atomic,
as in DynamoDB; moto is bound to one core by the GIL anyway. TCP_NODELAY is set, or every answer stalls ~40 ms.

The server exits when its parent does: no orphan if the script or program that started it is killed.

Usage: python3 moto_serial.py HOST PORT [--quiet]   (--quiet: no line per request, errors only)
"""
import logging
import os
import sys
import threading
import time

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, run_simple


class NoDelayHandler(WSGIRequestHandler):
    disable_nagle_algorithm = True


class QuietHandler(NoDelayHandler):
    def log_request(self, code="-", size="-"):
        if str(code).startswith("5"):
            sys.stderr.write(f'{self.address_string()} "{self.requestline}" {code}\n')


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
host, port = sys.argv[1], int(sys.argv[2])
quiet = "--quiet" in sys.argv[3:]
if quiet:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no start-up banner either
handler = QuietHandler if quiet else NoDelayHandler
run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False, request_handler=handler)
