"""The example as Zensical builds ``generate``'s tree, in Chromium: pages load clean, script tabs switch, copy copies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .skip import require_playwright

require_playwright()
pytest.importorskip("zensical", reason="Zensical is in the test extra on Python 3.11 and newer: pip install -e '.[test]'")

from playwright.sync_api import expect
from test_zensical import generated_example, zensical_build

from .browser_harness import Tab, html_pages, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    _, tree = generated_example(tmp_path_factory.mktemp("zensical-browser"))
    site = zensical_build(tree)
    with serve(site) as url:
        yield site, url


def test_every_page_loads_without_script_error_or_foreign_request(zensical_site: tuple[Path, str], open_tab: Callable[..., Tab]) -> None:
    site, url = zensical_site
    tab = open_tab(url)
    pages = html_pages(site)
    assert len(pages) > 15, pages
    problems = {}
    for path in pages:
        tab.visit(path)
        if seen := tab.watch.take():
            problems[path] = seen
    assert problems == {}


def test_script_tabs_switch_and_the_copy_button_copies_the_script(zensical_site: tuple[Path, str], open_tab: Callable[..., Tab]) -> None:
    _, url = zensical_site
    tab = open_tab(url, permissions=["clipboard-read", "clipboard-write"])
    page = tab.visit("customers/daniel-hughes/")
    tabs = page.locator("article .tabbed-set").first
    blocks = tabs.locator(".tabbed-content > .tabbed-block")
    expect(tabs.locator(".tabbed-labels > label")).to_have_text(["In person / phone", "Email", "Forwardable note", "Short message"])
    tabs.locator(".tabbed-labels > label", has_text="Short message").click()
    expect(blocks.nth(3)).to_be_visible()
    expect(blocks.nth(0)).to_be_hidden()
    script = blocks.nth(3).locator(".highlight").first
    shown = script.locator("code").inner_text().removesuffix("\n")
    assert shown.startswith("Hi Daniel,")
    script.hover()
    copy = script.locator("button[data-clipboard-target]")  # Material: .md-clipboard; Zensical: .md-code__button
    expect(copy).to_be_visible()
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == shown
    assert tab.watch.take() == []


def test_search_finds_a_contact_by_last_name(zensical_site: tuple[Path, str], open_tab: Callable[..., Tab]) -> None:
    """Zensical's own search box, not Material's (whose markup does not fit Zensical's header), named for screen readers."""
    _, url = zensical_site
    tab = open_tab(url)
    page = tab.visit("")
    expect(page.locator(".md-search[role='dialog']")).to_have_attribute("aria-label", "Search")
    page.locator(".md-search__button").click()
    page.get_by_role("combobox", name="Search").press_sequentially("Haddad")
    hit = page.get_by_role("option").first
    expect(hit).to_have_attribute("href", re.compile(r"/contacts/nadia-haddad/$"))
    hit.click()
    expect(page.locator("article h1")).to_have_text("Nadia Haddad")
    assert tab.watch.take() == []
