"""Browser fixtures: the example and a hostile playbook, each built once, served on 127.0.0.1, opened in Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Browser, sync_playwright

    from .browser_harness import Tab, Watch, build_example, build_playbook, launch_chromium, serve
except ImportError:
    # Without Playwright (an install without the test extra) each browser test module
    # skips itself (browser_harness.require_playwright); its fixtures are never asked for.
    pass
from .hostile_playbook import write_hostile_playbook


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], tuple[Path, str]]]:
    """The repository's own example playbook for one salesperson (today 2026-11-23): built once, served; (site, url)."""
    with ExitStack() as stack:
        served: dict[str, tuple[Path, str]] = {}

        def get(salesperson: str) -> tuple[Path, str]:
            if salesperson not in served:
                site = build_example(tmp_path_factory.mktemp(salesperson) / "site", salesperson=salesperson)
                served[salesperson] = (site, stack.enter_context(serve(site)))
            return served[salesperson]

        yield get


@pytest.fixture(scope="session")
def example_site(example_sites: Callable[[str], tuple[Path, str]]) -> Path:
    """Maya Okafor's example playbook, the one most tests open."""
    return example_sites("maya-okafor")[0]


@pytest.fixture(scope="session")
def example_url(example_sites: Callable[[str], tuple[Path, str]]) -> str:
    return example_sites("maya-okafor")[1]


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A playbook whose every text key holds script, HTML and ``javascript:`` links."""
    root = write_hostile_playbook(tmp_path_factory.mktemp("hostile"))
    here = os.getcwd()
    os.chdir(root)  # pymdownx.snippets looks for files from the working directory: let it find one
    try:
        return build_playbook(root / "mkdocs.yml", root / "site")
    finally:
        os.chdir(here)


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


SCREENSHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """Where the screenshots for review go (pytest keeps the last few temporary folders); named in the summary."""
    folder = tmp_path_factory.mktemp("screenshots")
    pytestconfig.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Say where the screenshots are, so a reviewer can open them."""
    if SCREENSHOTS in config.stash:
        terminalreporter.write_line(f"browser screenshots for review: {config.stash[SCREENSHOTS]}")


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
