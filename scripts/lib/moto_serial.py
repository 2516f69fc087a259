"""moto's DynamoDB-compatible server, handling one request at a time, over kept-alive connections.

`moto_server` serves requests on threads, and moto checks a write's condition and then stores the item with no lock
in between: under load, two conditional PutItems of the same key can both pass and both answer 200 (the second
overwriting the first), which real DynamoDB never does. Here connections still have a thread each, but requests
take turns under one lock, which makes every conditional write atomic, as in DynamoDB; moto is bound to one core by
the GIL anyway. Connections are HTTP/1.1 and kept alive, as DynamoDB's are (`moto_server` answers HTTP/1.0 and
closes each one: a client then pays a TCP connect per request that it never pays on AWS). TCP_NODELAY is set, or
every answer stalls ~40 ms.

A cancelled TransactWriteItems leaves nothing behind, on the table or its stream, and a transaction costs what it
writes. moto applies a transaction's actions one by one and, when one fails, puts back a deep copy of each table taken
before: work in proportion to the whole table on every transaction, and the copy has a new stream shard, while every
shard iterator a reader already holds still points at the old shard, which keeps the records of the actions that
passed and never sees a later write (a stream reader, the projector, then projects an event that was never stored and
misses the real one). Here no table is copied: a transaction keeps a copy of each item it names and each table's stream
length, and a cancelled one puts those items back and cuts the stream shard back to its length.

moto also keeps a reference to every model object it ever makes, for its dashboard, which nothing here reads: over a
long run (the replay benchmark's 20,000 events) that is gigabytes. DynamoDB's objects are made without being tracked.

The server exits when its parent does: no orphan if the script or program that started it is killed.

Usage: python3 moto_serial.py HOST PORT [--quiet]   (--quiet: no line per request, errors only)
"""
import copy
import io
import os
import socketserver
import sys
import threading
import time
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

import moto.dynamodb.models as dynamodb_models
from moto.core.common_models import BaseModel
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
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


def untracked_if_dynamodb(cls, *args, **kwargs):
    instance = object.__new__(cls)
    if not cls.__module__.startswith("moto.dynamodb"):
        cls.instances_tracked.append(instance)
    return instance


BaseModel.__new__ = untracked_if_dynamodb


class TablesUncopied:
    """`copy` as moto's transact_write_items sees it: tables are not copied (transact_write_items below keeps what it
    needs), anything else is."""

    @staticmethod
    def deepcopy(value):
        return value if isinstance(value, Table) else copy.deepcopy(value)


copying_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    touched, streams = [], {}
    for action in transact_items:
        operation = next(iter(action.values()), None)
        table = self.tables.get(operation.get("TableName")) if isinstance(operation, dict) else None
        key = (operation.get("Key") or operation.get("Item") or {}) if table else {}
        names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else []) if table else []
        if not table or not all(name in key for name in names):
            continue
        values = [DynamoType(key[name]) for name in names]
        touched.append((table, values, copy.deepcopy(table.get_item(*values))))
        if table.stream_shard is not None:
            streams.setdefault(id(table), (table, len(table.stream_shard.items)))
    dynamodb_models.copy = TablesUncopied
    try:
        return copying_transact_write_items(self, transact_items)
    except Exception:
        # moto put the same tables back; undo what the cancelled transaction changed in them, last change first.
        for table, values, before in reversed(touched):
            container = table.items[values[0]] if len(values) == 2 else table.items
            if before is None:
                container.pop(values[-1], None)
            else:
                container[values[-1]] = before
        for table, length in streams.values():
            del table.stream_shard.items[length:]
        raise
    finally:
        dynamodb_models.copy = copy


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
