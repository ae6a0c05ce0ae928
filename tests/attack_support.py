"""A loopback HTTP listener that counts the requests it gets and answers like a SPARQL endpoint,
so that a test can tell whether anything made an outbound request (and whether data came back)."""
from __future__ import annotations

import http.server
import json
import threading

SECRET = "SECRET-FROM-LISTENER"


class Listener:
    def __init__(self):
        outer = self
        self.hits = 0
        self.paths: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                outer.hits += 1
                outer.paths.append(self.path)
                body = json.dumps({"head": {"vars": ["leak"]}, "results": {"bindings": [
                    {"leak": {"type": "literal", "value": SECRET}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Listener":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
