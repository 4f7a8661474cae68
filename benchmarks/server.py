"""A real server on loopback (gunicorn, threads) and a load generator (threads, http.client)."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(*, workers: int = 2, threads: int = 8) -> Iterator[int]:
    """gunicorn with the benchmark settings; yields its port, stops it afterwards."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    command = [
        sys.executable, "-m", "gunicorn", "lvv.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--log-level", "warning", "--timeout", "120",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/v1/_floor")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def load(
    *, port: int, path: str, headers: dict, concurrency: int, seconds: float
) -> tuple[list[float], int]:
    """`concurrency` callers, each on its own keep-alive connection, requesting `path` until
    `seconds` have passed. Returns the latencies of successful requests and the failures."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def caller() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        own: list[float] = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                with lock:
                    failures[0] += 1
                continue
            if response.status != 200:
                with lock:
                    failures[0] += 1
                continue
            own.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(own)

    callers = [threading.Thread(target=caller) for _ in range(concurrency)]
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join()
    return latencies, failures[0]
