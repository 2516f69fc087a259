"""moto's DynamoDB-compatible server, handling one request at a time, over kept-alive connections.

`moto_server` serves requests on threads, and moto checks a write's condition and then stores the item with no lock
in between: under load, two conditional PutItems of the same key can both pass and both answer 200 (the second
overwriting the first), which real DynamoDB never does. Here connections still have a thread each, but requests
take turns under one lock, which makes every conditional write atomic, as in DynamoDB; moto is bound to one core by
the GIL anyway. Connections are HTTP/1.1 and kept alive, as DynamoDB's are (`moto_server` answers HTTP/1.0 and
closes each one: a client then pays a TCP connect per request that it never pays on AWS). TCP_NODELAY is set, or
every answer stalls ~40 ms.

A cancelled TransactWriteItems leaves nothing behind, on the table or its stream. moto applies a transaction's actions
one by one and, when one fails, puts back a deep copy of each table taken before: the copy has the right items, but
a new stream shard, while every shard iterator a reader already holds still points at the old shard, which keeps
the records of the actions that passed and never sees a later write. A stream reader (the projector) then projects
an event that was never stored and misses the real one. Here the rollback keeps each table's own objects, takes back
their items, and cuts the stream shard back to its length before the transaction.

The server exits when its parent does: no orphan if the script or program that started it is killed.

Usage: python3 moto_serial.py HOST PORT [--quiet]   (--quiet: no line per request, errors only)
"""
import io
import os
import socketserver
import sys
import threading
import time
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from moto.dynamodb.models import DynamoDBBackend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


class KeptAliveHandler(WSGIRequestHandler):
    """Serves requests on one connection until the client closes it (or asks to), each answer with its length."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    quiet = False

    def handle(self):
        while True:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or len(self.raw_requestline) > 65536 or not self.parse_request():
                return
            if self.headers.get("Transfer-Encoding"):
                self.send_error(411, "a body needs a Content-Length here")
                return
            # The body read whole first: whatever the application leaves unread cannot be taken for the next request.
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            handler = ServerHandler(io.BytesIO(body), self.wfile, sys.stderr, self.get_environ(), multithread=True)
            handler.http_version = "1.1"
            handler.request_handler = self
            handler.run(self.server.get_app())
            if self.close_connection:
                return

    def log_request(self, code="-", size="-"):
        if not self.quiet or str(code).startswith("5"):
            sys.stderr.write(f'{self.address_string()} "{self.requestline}" {code}\n')


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


moto_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    names = {op.get("TableName") for item in transact_items for op in item.values() if isinstance(op, dict)}
    before = {name: self.tables[name] for name in names if name in self.tables}
    lengths = {name: len(table.stream_shard.items) for name, table in before.items() if table.stream_shard is not None}
    try:
        return moto_transact_write_items(self, transact_items)
    except Exception:
        for name, table in before.items():
            restored = self.tables.get(name)
            if restored is not None and restored is not table:
                table.items = restored.items
                self.tables[name] = table
            if name in lengths:
                del table.stream_shard.items[lengths[name]:]
        raise


DynamoDBBackend.transact_write_items = transact_write_items
threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
host, port = sys.argv[1], int(sys.argv[2])
KeptAliveHandler.quiet = "--quiet" in sys.argv[3:]
moto = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()


def serial(environ, start_response):
    with one_at_a_time:
        return list(moto(environ, start_response))  # the whole answer made under the lock


server = ThreadingServer((host, port), KeptAliveHandler)
server.set_app(serial)
server.serve_forever()
