"""A DynamoDB-like HTTPS server on loopback that counts its TLS connections, for the tests (TLSServer.swift).

It makes a self-signed certificate for 127.0.0.1 (with `--name NAME`: for the DNS name NAME only) with `openssl` in
DIRECTORY (cert.pem, key.pem), prints
`listening PORT`, then answers every POST with one GetItem item over HTTP/1.1 keep-alive, printing `connection N`
for each TLS connection it accepts and `request N` for each whole request (N counts from 1 within the connection), or
`incomplete request` when the client gave up before sending the whole body. In `--drop-second` mode the second request
on each connection is read and left unanswered: the connection is closed, as when a peer dropped a kept connection
while the client was idle. In `--forward URL` mode each request goes on to the plain-HTTP DynamoDB at URL (moto) with
its headers (Host included: SigV4 signs it) and its Content-Length body, and the answer's status and body come back,
as DynamoDB's JSON (`forward failed: …` is printed when moto cannot be reached): a TLS front, as DynamoDB's own
endpoint is. Chunked request bodies are not read. It exits when stdin closes.

Usage: python3 tls_server.py DIRECTORY [--drop-second | --forward URL] [--name NAME]
"""
import http.client
import http.server
import itertools
import os
import socket
import ssl
import subprocess
import sys
import threading
import urllib.parse

directory = sys.argv[1]
drop_second = "--drop-second" in sys.argv[2:]
forward = urllib.parse.urlsplit(sys.argv[sys.argv.index("--forward") + 1]) if "--forward" in sys.argv else None
cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
name = sys.argv[sys.argv.index("--name") + 1] if "--name" in sys.argv else None
subject, alternative = (f"/CN={name}", f"DNS:{name}") if name else ("/CN=127.0.0.1", "IP:127.0.0.1")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                "-subj", subject, "-addext", f"subjectAltName={alternative}"], check=True, capture_output=True)
output = threading.Lock()
connections = itertools.count(1)


def say(line):
    with output:
        print(line, flush=True)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.requests = 0
        say(f"connection {next(connections)}")

    def log_message(self, *arguments):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        request = self.rfile.read(length)
        if len(request) < length:
            say("incomplete request")
            self.close_connection = True
            return
        self.requests += 1
        say(f"request {self.requests}")
        if drop_second and self.requests == 2:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, body = (200, b'{"Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}') if forward is None else self.forwarded(request)
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forwarded(self, request):
        """(status, body) of the request sent on to the plain-HTTP server `--forward` names."""
        connection = http.client.HTTPConnection(forward.hostname, forward.port, timeout=30)
        try:
            connection.request("POST", self.path, body=request, headers=dict(self.headers.items()))
            answer = connection.getresponse()
            return answer.status, answer.read()
        except OSError as error:
            say(f"forward failed: {error}")
            return 502, b'{"__type": "ForwardFailed", "message": "moto could not be reached"}'
        finally:
            connection.close()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # connections the client closed


server = Server(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
say(f"listening {server.server_address[1]}")
sys.stdin.read()
