"""``playbook-gen serve``: ``mkdocs serve`` for one salesperson, answering only its own address.

Every edit of a profile, a page, a template or ``mkdocs.yml`` rebuilds and
reloads the page; a broken profile shows its error on the page, and the next
good edit brings the playbook back (:func:`error_site`). The server answers only
requests addressed to the host it listens on (:func:`host_guard`: a page of
another site cannot reach it by DNS rebinding), and SIGTERM stops it as Ctrl+C
does, so its temporary copies of the site are removed.
"""

from __future__ import annotations

import ipaddress
import os
import signal
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.commands.serve import serve as mkdocs_serve

from .options import SALESPERSON_ENV
from .project import Project

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
LOOPBACK_NAMES = ("localhost",)


def serve(project: Project, *, salesperson: str, dev_addr: str | None) -> None:
    """``mkdocs serve`` for one salesperson, until interrupted (Ctrl+C or SIGTERM).

    This process serves one salesperson only: ``PLAYBOOK_SALESPERSON`` names
    them for every rebuild. "Today" is left to the plugin, so a server running
    past midnight moves on to the next day.
    """
    project.require_plugin()
    # Through the environment, which every rebuild reads again (an override of the plugins
    # setting would be consumed by the first build, and the first edit would break serve).
    os.environ[SALESPERSON_ENV] = salesperson
    # SIGTERM (a terminal closed, a process manager) ends serve as Ctrl+C does: MkDocs and the
    # plugin then remove the temporary folders that hold the built playbook.
    signal.signal(signal.SIGTERM, _interrupt)
    mkdocs_serve(config_file=str(project.config_file), dev_addr=dev_addr)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def is_loopback(host: str) -> bool:
    """Does this address reach only this computer (127.0.0.1, ::1, localhost)?"""
    if host.casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers of requests addressed to this server: its address, and on loopback its other loopback names."""
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    elif host in ("0.0.0.0", "::"):  # every address of this computer: the names it answers to are unknown
        return frozenset()
    return frozenset(f"{name}:{port}".casefold() for name in names)


def host_guard(app: WsgiApp, allowed: frozenset[str]) -> WsgiApp:
    """The app, answering only requests whose ``Host`` is one of ``allowed`` (every request, when it is empty)."""

    def guarded(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        host = str(environ.get("HTTP_HOST", "")).casefold()
        if allowed and host not in allowed:
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"This playbook answers only requests addressed to the computer it runs on.\n"]
        return app(environ, start_response)

    return guarded
