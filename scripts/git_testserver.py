"""A git server on loopback for the scripts: `git daemon` over a directory of bare repositories, optionally
behind a TCP relay that slows every connection down (so that a clone lasts long enough to be interrupted),
and optionally the same repositories over HTTP behind a token (`git_http_server.py`), as private ones."""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time


class GitServer:
    def __init__(self, bytes_per_second=None, token=None):
        self.root = tempfile.mkdtemp(prefix="zane-git-")
        self.private = None
        if token:
            self.private_port = free_port()
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "git_http_server.py")
            self.private = subprocess.Popen(["python3", script, "--root", self.root, "--port", str(self.private_port),
                                             "--token", token], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for_port(self.private_port)
        self.daemon_port = free_port()
        daemon = os.path.join(subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip(), "git-daemon")
        self.daemon = subprocess.Popen([daemon, "--reuseaddr", "--export-all", "--enable=upload-pack", "--listen=127.0.0.1",
                                        f"--port={self.daemon_port}", f"--base-path={self.root}", self.root],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = self.daemon_port
        wait_for_port(self.daemon_port)
        if bytes_per_second:
            self.port = free_port()
            threading.Thread(target=self._relay, args=(bytes_per_second,), daemon=True).start()
        wait_for_port(self.port)

    def url(self, name):
        return f"git://127.0.0.1:{self.port}/{name}.git"

    def private_url(self, name):
        """The repository over HTTP, which answers only with the token."""
        return f"http://127.0.0.1:{self.private_port}/{name}.git"

    def commit(self, name, files, message):
        """Writes `files` on `main` of the bare repository `name` (created on first use); returns the sha."""
        bare = os.path.join(self.root, f"{name}.git")
        work = tempfile.mkdtemp(prefix="zane-git-work-")
        git = lambda *args: subprocess.run(["git", *args], cwd=work, check=True, capture_output=True, text=True).stdout
        if not os.path.exists(bare):
            subprocess.run(["git", "init", "-q", "--bare", "-b", "main", bare], check=True)
            git("init", "-q", "-b", "main")
        else:
            git("clone", "-q", bare, ".")
        for path, content in files.items():
            os.makedirs(os.path.dirname(os.path.join(work, path)) or work, exist_ok=True)
            with open(os.path.join(work, path), "wb") as handle:
                handle.write(content if isinstance(content, bytes) else content.encode())
        git("add", "-A")
        git("-c", "user.name=Crash", "-c", "user.email=crash@zane.test", "commit", "-q", "-m", message)
        git("push", "-q", bare, "HEAD:main")
        sha = git("rev-parse", "HEAD").strip()
        shutil.rmtree(work)
        return sha

    def _relay(self, rate):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        while True:
            client, _ = listener.accept()
            try:
                upstream = socket.create_connection(("127.0.0.1", self.daemon_port))
            except OSError:
                client.close()
                continue
            threading.Thread(target=pipe, args=(client, upstream, None), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client, rate), daemon=True).start()

    def stop(self):
        self.daemon.kill()
        if self.private:
            self.private.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def pipe(source, target, rate):
    try:
        while data := source.recv(4096):
            target.sendall(data)
            if rate:
                time.sleep(len(data) / rate)
    except OSError:
        pass
    finally:
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the git server did not start")
