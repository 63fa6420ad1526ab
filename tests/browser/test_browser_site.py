"""The example playbook in Chromium: every page loads clean, search finds people, hostile text never runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import Locator, Page, expect

from .browser_harness import Tab, html_pages, page_heading, profile_pages

pytestmark = pytest.mark.browser


def search(page: Page, typed: str) -> None:
    """Type into Material's search box as a reader does (it reacts to key presses)."""
    query = page.locator("input.md-search__input")
    query.click()
    query.fill("")
    query.press_sequentially(typed)


@pytest.mark.parametrize("salesperson", ["maya-okafor", "tom-becker"])
def test_every_page_loads_without_script_error_or_failed_request(
    salesperson: str, example_sites: Callable[[str], tuple[Path, str]], open_tab: Callable[..., Tab]
) -> None:
    site, url = example_sites(salesperson)
    tab = open_tab(url)
    pages = html_pages(site)
    assert len(pages) > 15, pages
    problems = {}
    for path in pages:
        tab.visit(path)
        if seen := tab.watch.take():
            problems[path] = seen
    assert problems == {}


def test_search_finds_every_contact_by_last_name(example_site: Path, example_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(example_url)
    page = tab.visit("")
    contacts = profile_pages(example_site, "contacts")
    assert contacts
    for path in contacts:
        name = page_heading(example_site, path)
        search(page, name.split()[-1])
        hit = page.locator(f".md-search-result__link[href$='{path}']")
        expect(hit.first).to_be_visible()
        assert name in hit.first.inner_text()
        page.keyboard.press("Escape")
    # The last hit leads to the contact's page.
    search(page, name.split()[-1])
    page.locator(f".md-search-result__link[href$='{path}']").first.click()
    page.wait_for_url(f"**/{path}")
    expect(page.locator("h1")).to_have_text(name)
    assert tab.watch.take() == []


def click_link(page: Page, link: Locator) -> None:
    """Click a link as a reader would, and wait for the page it opens, if it opens one."""
    target = urlsplit(link.evaluate("a => a.href"))
    here = urlsplit(page.url)
    opens_page = target.scheme in ("http", "https") and target.path != here.path and target.path.endswith(("/", ".html"))
    if target.scheme in ("http", "https") and target.path != here.path and not opens_page:
        # A file (asks.ics, asks.csv) downloads and runs no script; clicking it only races
        # the download against the next page load.
        return
    # A script click reaches links in hidden tabs too, as a reader's tap on that tab would.
    if opens_page:
        with page.expect_navigation(wait_until="load"):
            link.evaluate("a => a.click()")
    else:
        link.evaluate("a => a.click()")


def test_hostile_profile_text_never_runs_on_any_page(hostile_site: Path, hostile_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(hostile_url)
    page = tab.page
    clicked: set[str] = set()
    for path in html_pages(hostile_site):
        tab.visit(path, quiet=False)
        links = page.locator("article a[href]:not(.headerlink)")
        hrefs = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path
        for index, href in enumerate(hrefs):
            if href in clicked:
                continue
            clicked.add(href)
            tab.visit(path, quiet=False)
            click_link(page, page.locator("article a[href]:not(.headerlink)").nth(index))
        assert tab.watch.dialogs == [], path
    assert len(clicked) > 10


def test_hostile_text_typed_into_search_never_runs(hostile_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(hostile_url)
    page = tab.visit("")
    for typed in ("<script>alert(1)</script>", "onerror", "javascript", "Dana"):
        search(page, typed)
        expect(page.locator(".md-search-result__meta")).to_be_visible()
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    assert tab.watch.dialogs == []


def test_hostile_text_leaves_every_copy_button_working(hostile_site: Path, hostile_url: str, open_tab: Callable[..., Tab]) -> None:
    """Issue 10: notes and text keys that try to set Material's ids, data-md-* attributes or
    mermaid classes change nothing: every code block gets its copy button, which copies it."""
    tab = open_tab(hostile_url, permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    problems: dict[str, list[str]] = {}
    copied = 0
    for path in html_pages(hostile_site):
        tab.visit(path)
        blocks = page.locator("article pre > code")
        buttons = page.locator("article button[data-clipboard-target]")
        assert buttons.count() == blocks.count(), path
        assert page.locator("[data-md-component='dialog']").count() == 1, path  # Material's own only
        highlights = page.locator("article .highlight")
        visible = next((highlights.nth(i) for i in range(highlights.count()) if highlights.nth(i).is_visible()), None)
        if visible is not None:
            visible.hover()
            visible.locator("button[data-clipboard-target]").click()
            assert page.evaluate("navigator.clipboard.readText()") == visible.locator("code").inner_text().rstrip("\n"), path
            copied += 1
        if seen := tab.watch.take():
            problems[path] = seen
    assert problems == {}
    assert copied >= 3  # the customers with a script: a named ask, a role ask, a follow-up
