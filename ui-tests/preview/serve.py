#!/usr/bin/env python3
"""Preview server (test-only): serves ../../ui and injects stub.js (a fake window.__TAURI__) into
the HTML pages, so the UI can be looked at in a browser without the Tauri shell.
Usage: python3 ui-tests/preview/serve.py [port]"""
import http.server
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
UI = HERE.parent.parent / "ui"
INJECT = b'<script src="/__preview/stub.js"></script>\n  <script type="module"'


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=str(UI), **kw)

    def log_message(self, *a):
        pass

    def do_GET(self):
        path = self.path.split("?")[0].split("#")[0]
        if path.startswith("/__preview/"):
            return self.send_file(HERE / path[len("/__preview/"):], "text/javascript")
        if path in ("/", ""):
            path = "/index.html"
        if path.endswith(".html"):
            f = UI / path.lstrip("/")
            if f.is_file():
                body = f.read_bytes().replace(b'<script type="module"', INJECT, 1)
                return self.send_bytes(body, "text/html; charset=utf-8")
        return super().do_GET()

    def send_file(self, f, ctype):
        if not f.is_file():
            return self.send_error(404)
        self.send_bytes(f.read_bytes(), ctype)

    def send_bytes(self, body, ctype):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        # the same CSP as the app, so an inline style or script shows up here as a violation
        self.send_header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
