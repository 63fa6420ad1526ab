"""Build a playbook, serve it on 127.0.0.1 and drive Debian's chromium: shared by the browser tests and scripts/screenshots.py."""

from __future__ import annotations

import functools
import html
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Playwright, Request, Response, Route
from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium, never a downloaded build: the test machines have no internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLE_TODAY = "2026-11-23"


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium, headless, with nothing that phones home."""
    if not CHROMIUM.is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does: apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a build, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def build_playbook(config_file: Path, site_dir: Path, **env: str) -> Path:
    """Build a playbook repository with MkDocs' own build, as ``mkdocs build`` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with environment(NO_MKDOCS_2_WARNING="1", **env):
        config = load_config(str(config_file), site_dir=str(site_dir))
        build(config)
    return site_dir


def build_example(site_dir: Path, *, salesperson: str = "maya-okafor") -> Path:
    """The repository's own example playbook, on the fixed day the tests and screenshots use."""
    return build_playbook(REPO / "mkdocs.yml", site_dir, PLAYBOOK_TODAY=EXAMPLE_TODAY, PLAYBOOK_SALESPERSON=salesperson)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site folder without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port, in a thread); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="playbook-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site as a URL path relative to its root (``customers/x/``)."""
    paths = []
    for page_file in sorted(site_dir.rglob("*.html")):
        relative = page_file.relative_to(site_dir).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


def page_heading(site_dir: Path, path: str) -> str:
    """The text of a built page's ``<h1>``, as a reader sees it."""
    page = (site_dir / path / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    if match is None:
        raise AssertionError(f"{path} has no <h1>")
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def profile_pages(site_dir: Path, folder: str) -> list[str]:
    """The built profile pages of one folder (``contacts``), as URL paths."""
    return [p for p in html_pages(site_dir) if p.startswith(f"{folder}/") and p != f"{folder}/"]


def busiest(site_dir: Path, folder: str) -> str:
    """The profile page of a folder with the most on it: the hardest one to lay out."""
    return max(profile_pages(site_dir, folder), key=lambda path: len((site_dir / path / "index.html").read_bytes()))


def page_of(site_dir: Path, kind: str) -> str:
    """The example page a test opens for a kind: home, ask plan, customer or contact (the busiest one)."""
    fixed = {"home": "", "ask plan": "asks/"}
    return fixed[kind] if kind in fixed else busiest(site_dir, f"{kind}s")


@dataclass
class Watch:
    """What went wrong on a page: script errors, failed or foreign requests, dialogs."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"pageerror: {error}")

    def on_request_failed(self, request: Request) -> None:
        self.failed.append(f"{request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def take(self) -> list[str]:
        """Everything seen since the last call, then start afresh (one page at a time)."""
        seen = [*self.errors, *(f"failed: {f}" for f in self.failed), *(f"foreign: {f}" for f in self.foreign)]
        seen += [f"dialog: {d}" for d in self.dialogs]
        self.errors, self.failed, self.foreign, self.dialogs = [], [], [], []
        return seen

    def on_route(self, route: Route) -> None:
        # The playbook must not reach another host; such a request is recorded and never sent.
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()


@dataclass
class Tab:
    """A page of a fresh browser context, and what it saw."""

    page: Page
    watch: Watch
    base_url: str

    def visit(self, path: str, *, quiet: bool = True) -> Page:
        """Open a page of the site (``customers/x/``); wait until the network is quiet, or only for ``load``.

        A click just before (a ``mailto:`` link, an anchor) may leave a navigation of its own
        pending, which aborts this one (``net::ERR_ABORTED``): then it is opened once more.
        """
        wait = "networkidle" if quiet else "load"
        try:
            self.page.goto(self.base_url + path, wait_until=wait)
        except PlaywrightError as error:
            if "ERR_ABORTED" not in str(error):
                raise
            self.page.goto(self.base_url + path, wait_until=wait)
        return self.page
