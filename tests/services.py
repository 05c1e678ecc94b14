"""Real services a test starts and stops itself: a Redis of its own (so it can stop it to prove an outage
changes nothing a member sees) and gunicorn servers. Everything listens on 127.0.0.1 at a free port and
stops when the `with` block ends."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait(ready, what: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {seconds:.0f} s:\n{log.read_text()[-3000:]}")


class RedisServer:
    """A throwaway redis-server (Debian's, installed by `make test`) that a test may stop and start again
    on the same port."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, (
            "redis-server is not installed: `make test` installs it (scripts/with-throwaway-redis.sh)"
        )
        self.binary = binary
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cyber-redis-test."))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        log = self.dir / "redis.log"
        self.proc = subprocess.Popen(
            [self.binary, "--bind", HOST, "--port", str(self.port), "--dir", str(self.dir), "--save", "",
             "--appendonly", "no", "--logfile", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _wait(self.ping, "redis-server", self.proc, log, seconds=20)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def http_get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30):
    """One GET; (status, headers as a dict, body bytes)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, log_dir: Path) -> Iterator[int]:
    """gunicorn (config/gunicorn.conf.py) with the given environment on a free port; yields the port.
    In its own process group, so that nothing it started outlives the test."""
    port = free_port()
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "config/gunicorn.conf.py",
             "--bind", f"{HOST}:{port}", "--workers", str(workers)],
            cwd=ROOT, env={**os.environ, "GUNICORN_ACCESSLOG": "", **env}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def ready() -> bool:
        try:
            return http_get(port, "/", timeout=2)[0] == 200
        except OSError:
            return False

    try:
        _wait(ready, "gunicorn", proc, log)
        yield port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
