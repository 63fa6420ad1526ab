"""Recording from the page (SPEC §12): a button's command runs through the very ``playbook-gen record`` command.

The page shows each event's command (:mod:`playbook_gen.commands`); a button sends
that command here. :func:`run_record` runs it with the command line's own click
command in this process (one writer at a time, validated with the whole playbook,
all or nothing) and hands back the lines a terminal would show. Under
``playbook-gen serve`` on a loopback address, :func:`record_endpoint` answers the
page's buttons; the issue workflow of a hosted playbook runs the same function
(:mod:`playbook_gen.hosted`).

The command itself runs through :func:`playbook_gen.cli.run_record`, handed in as a
:data:`Runner`, so this module never imports the command line and the command line
can import it.

Only a ``record`` command is ever run: its words are split as a shell splits them,
never given to a shell, and an option that would point the command at another
repository (``--config``) is refused.
"""

from __future__ import annotations

import json
import secrets
import shlex
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

ENDPOINT = "/_playbook/record"
"""Where ``serve`` takes a button's command."""
EVENTS = ("ask", "answer", "thanked", "gave", "stage", "outcome", "contacted")
"""The ``record`` commands a page or an issue may run."""
MAX_BODY = 16_384
"""A button's request is one command: anything longer is not one."""


@dataclass(frozen=True)
class Recorded:
    """What one ``record`` command did: its exit status (0 done, 1 refused or wrong, 2 not a command), and its lines."""

    status: int
    lines: tuple[str, ...]

    @property
    def refused(self) -> bool:
        """A rule of the method refused it (``--force`` would record it): not a mistake in the command."""
        return self.status == 1 and any("refused:" in line and "--force" in line for line in self.lines)


def record_argv(command: str) -> list[str]:
    """The arguments after ``playbook-gen record`` of one command line; ValueError when it is not exactly one ``record`` command."""
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise ValueError(f"not one command: {exc}") from None
    if words[:2] != ["playbook-gen", "record"] or len(words) < 3 or words[2] not in EVENTS:
        raise ValueError("only a playbook-gen record command (" + ", ".join(EVENTS) + ") is run")
    if any(word == "--config" or word.startswith("--config=") for word in words):
        raise ValueError("--config is not taken from a page or an issue: the command runs on this playbook")
    if "--help" in words:
        raise ValueError("--help records nothing: only a playbook-gen record command that writes down an event is run")
    return words[2:]


Runner = Callable[[list[str], str], Recorded]
"""Runs ``playbook-gen record ARGV`` on one playbook in this process (the command, as the lock names it, second):
:func:`playbook_gen.cli.run_record` with the playbook's ``mkdocs.yml``."""


@dataclass
class Endpoint:
    """The serve process's recorder: its token, and the buttons already pressed (one event per press, however often it arrives)."""

    run: Runner  # the command line's record command, on the served playbook
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    origins: frozenset[str] = frozenset()  # http://HOST:PORT of this serve run's pages, the only pages that may send
    _pressed: dict[str, Recorded] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """One button's request, checked: (HTTP status, the answer the page shows)."""
        if not secrets.compare_digest(str(request.get("token", "")), self.token):
            return 403, {"ok": False, "lines": ["This page is not from this serve run: reload it and try again."]}
        press = str(request.get("press", ""))
        if not press:
            return 400, {"ok": False, "lines": ["A button sends its press: reload the page."]}
        try:
            argv = record_argv(str(request.get("command", "")))
        except ValueError as exc:
            return 400, {"ok": False, "lines": [str(exc)]}
        if request.get("force") is True and argv[0] == "ask" and "--force" not in argv:
            argv.append("--force")
        command = shlex.join(["playbook-gen", "record", *argv])
        with self._lock:  # a press arrives twice (a double click): the second gets the first's answer
            if press in self._pressed:
                done = self._pressed[press]
                return 200, {"ok": done.status == 0, "lines": ["Already recorded from this button:", *done.lines], "again": True}
            recorded = self.run(argv, command)
            if recorded.status == 0:
                self._pressed[press] = recorded
        answer = {"ok": recorded.status == 0, "refused": recorded.refused, "lines": list(recorded.lines), "command": command}
        return (400 if recorded.status == 2 else 200), answer  # 2: not a command the command line takes


TOKEN_META = "playbook-record-token"
"""The ``<meta name>`` that carries this serve run's token into its pages."""


def with_token(html: str, token: str) -> str:
    """A page of this serve run, with its token in the head for the page's buttons to send."""
    return html.replace("</head>", f'<meta name="{TOKEN_META}" content="{token}">\n</head>', 1)


WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def record_endpoint(app: WsgiApp, endpoint: Endpoint) -> WsgiApp:
    """The app, with ``POST /_playbook/record`` answered by ``endpoint``: same origin, JSON, the token, or nothing changes."""

    def recording(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != ENDPOINT:
            return app(environ, start_response)
        status, answer = _answer(environ, endpoint)
        body = json.dumps(answer).encode("utf-8")
        start_response(f"{status} {_REASONS[status]}", [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
        return [body]

    return recording


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 413: "Payload Too Large", 415: "Unsupported Media Type"}


def _answer(environ: dict[str, Any], endpoint: Endpoint) -> tuple[int, dict[str, Any]]:
    """Refuse anything a page of another site could send (CSRF): another method, origin or media type, no token."""
    if environ.get("REQUEST_METHOD") != "POST":
        return 405, {"ok": False, "lines": ["Only a button's POST records."]}
    origin = environ.get("HTTP_ORIGIN")
    if origin is None or origin.casefold() not in endpoint.origins or environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return 403, {"ok": False, "lines": ["Only this playbook's own pages record."]}
    if environ.get("CONTENT_TYPE", "").split(";")[0].strip() != "application/json":  # a form of another site cannot send JSON
        return 415, {"ok": False, "lines": ["A button sends JSON."]}
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 < length <= MAX_BODY:
        return 413, {"ok": False, "lines": ["Not one button's request."]}
    try:
        request = json.loads(environ["wsgi.input"].read(length).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return 400, {"ok": False, "lines": ["Not one button's request."]}
    if not isinstance(request, dict):
        return 400, {"ok": False, "lines": ["Not one button's request."]}
    return endpoint.record(request)
