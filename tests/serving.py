"""A real ``playbook-gen serve`` process on a free port, fetched over HTTP: shared by the serve tests and the browser's."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(port: int, path: str, *, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}" if host is None else host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def until(port: int, path: str, wanted: Callable[[str], bool], *, server: subprocess.Popen[bytes], seconds: float = 60) -> str:
    """The page once ``wanted`` holds of it: the server rebuilds in the background after each edit."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve exited"
        try:
            status, page = fetch(port, path)
            if status == 200 and wanted(page):
                return page
        except (ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{path} never showed what was wanted; last:\n{page[-1500:]}")


@contextmanager
def serving(root: Path, *args: str, env: dict[str, str] | None = None, ready: str = "/") -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``playbook-gen serve ARGS`` in ``root`` on a free loopback port until the block ends (then Ctrl-C, as a person stops it)."""
    port = free_port()
    # The server's log goes to a file: a pipe nobody reads while the test runs fills up (64 KiB of rebuilds and
    # requests) and then stops the server at its next log line, in the middle of whatever it was doing.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-c", _BOOT, "serve", *args, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            # A suite started in the background inherits SIGINT ignored: give the server the default.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        LIVE[server.pid] = (server, log)
        try:
            until(port, ready, lambda page: "</html>" in page, server=server, seconds=120)
            yield port, server
        except Exception:  # the test failed inside the block: say now what serve did, while it still runs
            SAID.append(what_serve_did())
            raise
        finally:
            LIVE.pop(server.pid, None)
            stop(server)


_BOOT = (
    "import faulthandler, runpy, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
    "runpy.run_module('playbook_gen', run_name='__main__', alter_sys=True)"
)
"""``python -m playbook_gen``, which writes every thread's stack to its log on SIGUSR1."""


LIVE: dict[int, tuple[subprocess.Popen[bytes], IO[bytes]]] = {}
"""The serve processes of the running test, with their logs."""
SAID: list[str] = []
"""What serve did in a test that failed inside :func:`serving`'s block (the block ended, and serve with it)."""


def what_serve_did() -> str:
    """Each live serve's log (its last 300 lines), ending with where each of its threads is: for a failed test's report."""
    said, SAID[:] = list(SAID), []
    for pid, (server, log) in list(LIVE.items()):
        if server.poll() is None:
            server.send_signal(signal.SIGUSR1)
            time.sleep(1)
        log.seek(0)
        lines = log.read().decode("utf-8", "replace").splitlines()
        said.append(f"serve (pid {pid}), its log's last 300 lines:\n" + "\n".join(lines[-300:]))
    return "\n\n".join(said)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a person stops serve; killed if it has not stopped within a minute (its pipes closed either way)."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
