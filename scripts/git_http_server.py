"""A git server over HTTP on loopback for the tests: `git http-backend` (git's smart HTTP protocol) over a
directory of bare repositories, reading only, optionally behind HTTP basic authentication, as a private
repository on GitHub or GitLab is.

Usage: git_http_server.py --root DIR --port N [--token TOKEN [--user NAME]]
With a token and no user name, any user name goes with the token, as with GitHub's and GitLab's tokens.
Every request is counted in DIR/requests.log as `<method> <path> <authorized: yes|no|none>`."""

import argparse
import base64
import hmac
import os
import subprocess
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user")
    parser.add_argument("--token")
    options = parser.parse_args()
    Handler.root = options.root
    Handler.user = options.user
    Handler.token = options.token
    ThreadingHTTPServer(("127.0.0.1", options.port), Handler).serve_forever()


class Handler(BaseHTTPRequestHandler):
    root = ""
    user = None
    token = None

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def serve(self):
        given = self.headers.get("Authorization")
        authorized = self.token is None or self.is_authorized(given)
        with open(os.path.join(self.root, "requests.log"), "a") as log:
            log.write(f"{self.command} {self.path} {'none' if given is None else 'yes' if authorized else 'no'}\n")
        if not authorized:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.read_body()
        url = urlsplit(self.path)
        environment = {
            "PATH": "/usr/bin:/bin", "GIT_PROJECT_ROOT": self.root, "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command, "PATH_INFO": url.path, "QUERY_STRING": url.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1", "REMOTE_USER": "git",
        }
        for header, variable in (("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "GIT_PROTOCOL")):
            if self.headers.get(header):
                environment[variable] = self.headers[header]
        output = subprocess.run(["git", "http-backend"], input=body, env=environment, capture_output=True).stdout
        head, _, content = output.partition(b"\r\n\r\n")
        if not content and b"\n\n" in output:
            head, _, content = output.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def is_authorized(self, header):
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, token = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(token.encode(), self.token.encode()) and self.user in (None, user)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def log_message(self, *arguments):
        pass


if __name__ == "__main__":
    main()
