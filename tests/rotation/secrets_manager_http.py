"""The wire side of the Secrets Manager double: AWS JSON 1.1 over HTTP on 127.0.0.1 (POST /,
X-Amz-Target: secretsmanager.<Operation>, a SigV4-signed request), each request handed to the
double's dispatch(operation, request).

Kept apart from secrets_manager_double.py so that the double reads as Secrets Manager's rules,
not as HTTP plumbing.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(double):
    """Serves double.dispatch on a free port of 127.0.0.1 in a background thread; returns the
    server (for shutdown) and its endpoint URL."""

    class Handler(_Handler):
        pass

    Handler.double = double
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes; no 40 ms delayed-ACK stall
    double = None

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        service, _, operation = (self.headers.get("X-Amz-Target") or "").partition(".")
        if service != "secretsmanager":
            return self._reply(400, {"__type": "UnknownOperationException", "message": "X-Amz-Target must be secretsmanager.<Operation>"})
        if not (self.headers.get("Authorization") or "").startswith("AWS4-HMAC-SHA256 "):
            return self._reply(403, {"__type": "MissingAuthenticationTokenException", "message": "Requests must be signed (SigV4)."})
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self._reply(400, {"__type": "SerializationException", "message": "Body is not JSON."})
        outcome = self.double.dispatch(operation, request)
        if outcome is None:
            self.close_connection = True
            self.connection.close()
            return None
        return self._reply(*outcome)

    def _reply(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)
        return None

    def log_message(self, format, *args):  # keep test output quiet
        pass
