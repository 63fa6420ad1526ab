"""Browser fixtures: the example and a hostile playbook, each built once, served on 127.0.0.1, opened in Debian's chromium."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_harness import build_example, build_playbook, launch_chromium, serve
from hostile_playbook import write_hostile_playbook
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Response, Route, sync_playwright


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
        """Open a page of the site (``customers/x/``); wait until the network is quiet, or only for ``load``."""
        self.page.goto(self.base_url + path, wait_until="networkidle" if quiet else "load")
        return self.page


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own example playbook (maya-okafor, today 2026-11-23)."""
    return build_example(tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A playbook whose every text key holds script, HTML and ``javascript:`` links."""
    root = write_hostile_playbook(tmp_path_factory.mktemp("hostile"))
    return build_playbook(root / "mkdocs.yml", root / "site")


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots for review go (pytest keeps the last few temporary folders)."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def open_tab(chromium: Browser) -> Iterator[Callable[..., Tab]]:
    """A function opening a watched page in a fresh context: ``open_tab(base_url, viewport=..., permissions=...)``."""
    contexts = []

    def make(base_url: str, *, viewport: dict[str, int] | None = None, permissions: list[str] | None = None, **options: object) -> Tab:
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900}, permissions=permissions or [], **options)  # type: ignore[arg-type]
        contexts.append(context)
        watch = Watch()
        context.route("**/*", watch.on_route)
        page = context.new_page()
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("requestfailed", watch.on_request_failed)
        page.on("response", watch.on_response)
        page.on("dialog", watch.on_dialog)
        return Tab(page=page, watch=watch, base_url=base_url)

    yield make
    for context in contexts:
        context.close()
