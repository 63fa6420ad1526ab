"""Layout in Chromium: the meeting card prints on one A4 page, the home page fits a phone, screenshots for review."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .browser_harness import Tab, page_heading, page_of, profile_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"]


def printed(page: Page) -> PdfReader:
    """The page as Chromium prints it on A4 paper."""
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))


def test_every_contact_prints_its_meeting_card_on_one_a4_page(example_site: Path, example_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(example_url)
    contacts = profile_pages(example_site, "contacts")
    assert len(contacts) >= 5
    for path in contacts:
        page = tab.visit(path)
        pdf = printed(page)
        assert len(pdf.pages) == 1, path
        width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
        assert (width, height) == pytest.approx((595, 842), abs=2), "A4 in points"
        for selector in CHROME:
            assert page.locator(selector).first.is_hidden(), (path, selector)
        text = " ".join(pdf.pages[0].extract_text().split())
        name = page_heading(example_site, path)
        assert f"First-meeting guide: {name}" in text
        assert "Opener (ask permission)" in text and "Close (ask permission)" in text
        # Only the card: not the navigation, the paths table or the ladder.
        for elsewhere in ("Ask plan", "Table of contents", "Introduction paths", "Stage ladder", "Made with"):
            assert elsewhere not in text, (path, elsewhere)


def test_this_weeks_asks_fit_a_phone_without_sideways_scrolling(example_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(example_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.visit("")
    asks = page.locator(".playbook-this-week li")
    assert asks.count() >= 1
    for index in range(asks.count()):
        ask = asks.nth(index)
        ask.scroll_into_view_if_needed()
        expect(ask).to_be_in_viewport(ratio=1)
        box = ask.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        expect(ask.locator("a", has_text="open the script")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert tab.watch.take() == []


# Every kind of page of a playbook: the generated ones, a profile of each kind, and the packaged method pages.
PAGE_KINDS = {
    "home": "",
    "ask plan": "asks/",
    "customers index": "customers/",
    "contacts index": "contacts/",
    "salesperson": "salespeople/maya-okafor/",
    "question bank": "questions/manufacturing-owners/",
    "the method": "method/",
    "editing your profiles": "method/editing-profiles/",
    "a week with the playbook": "method/a-week-with-the-playbook/",
    "how the playbook decides": "how-it-works/",
}
# Whatever is wider than the screen scrolls inside its own box (code blocks, tables), never the page.
OVERFLOWING = """() => [...document.querySelectorAll('article pre, article table, article .md-typeset__table, article .tabbed-set')]
    .filter(box => box.offsetParent !== null)
    .filter(box => { const r = box.getBoundingClientRect(); return r.left < -1 || r.right > window.innerWidth + 1; })
    .map(box => box.tagName + '.' + box.className + ': ' + Math.round(box.getBoundingClientRect().right))"""


@pytest.mark.parametrize("kind", [*PAGE_KINDS, "customer", "contact"])
def test_no_page_scrolls_sideways_on_a_phone_and_wide_boxes_scroll_inside(
    kind: str, example_site: Path, example_url: str, open_tab: Callable[..., Tab]
) -> None:
    path = PAGE_KINDS[kind] if kind in PAGE_KINDS else page_of(example_site, kind)
    page = open_tab(example_url, viewport=PHONE, is_mobile=True, has_touch=True).visit(path)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), path
    assert page.evaluate(OVERFLOWING) == [], path


def test_this_week_comes_before_the_introduction_on_a_phone(example_url: str, open_tab: Callable[..., Tab]) -> None:
    page = open_tab(example_url, viewport=PHONE, is_mobile=True, has_touch=True).visit("")
    this_week = page.locator("article h2#this-week").bounding_box()
    assert this_week is not None and this_week["y"] < PHONE["height"], "This week is on the first screen"
    intro = page.locator("article details.playbook-intro-fold")
    assert intro.count() == 1 and not intro.evaluate("d => d.open"), "the introduction is folded below"
    assert intro.bounding_box()["y"] > this_week["y"]  # type: ignore[index]


def test_screenshots_for_review(example_site: Path, example_url: str, open_tab: Callable[..., Tab], screenshot_dir: Path) -> None:
    tab = open_tab(example_url)
    shots = {kind: page_of(example_site, kind) for kind in ("home", "customer", "contact")}
    for name, path in shots.items():
        target = screenshot_dir / f"{name}.png"
        tab.visit(path).screenshot(path=str(target), full_page=True)
        png = target.read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), target
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk
        assert width == 1280 and height > 900, (name, width, height)


def test_the_sideways_check_sees_a_box_wider_than_the_screen(example_url: str, open_tab: Callable[..., Tab]) -> None:
    """A control: a table pushed wider than the phone is caught by the same check."""
    page = open_tab(example_url, viewport=PHONE, is_mobile=True, has_touch=True).visit("contacts/")
    page.evaluate("() => { const t = document.querySelector('article table'); t.style.maxWidth = 'none'; t.style.width = '2000px'; }")
    assert page.evaluate(OVERFLOWING) != []


WHY_CELLS = """() => [...document.querySelectorAll('.playbook-paths tbody tr')].map(row => {
    const why = row.querySelector('td:nth-child(4)');
    return {row: row.getBoundingClientRect().width, why: why.getBoundingClientRect().width,
            label: getComputedStyle(why, '::before').content, table: getComputedStyle(row.closest('table')).display};
})"""


def test_a_contacts_introduction_paths_read_as_one_block_each_on_a_phone(example_url: str, open_tab: Callable[..., Tab]) -> None:
    """On a phone each path is a block whose reasons take the whole width, under their column's name;
    a table of four columns would leave the reasons a column a few letters wide."""
    phone = open_tab(example_url, viewport=PHONE, is_mobile=True, has_touch=True).visit("contacts/dana-ruiz/")
    rows = phone.evaluate(WHY_CELLS)
    assert len(rows) >= 2
    for row in rows:
        assert row["why"] >= 0.9 * row["row"] and row["row"] >= 0.8 * PHONE["width"], row
        assert row["label"] == '"Why this rank: "' and row["table"] == "block", row
    assert phone.evaluate(OVERFLOWING) == []
    desk = open_tab(example_url).visit("contacts/dana-ruiz/")  # a wide screen keeps the table
    for row in desk.evaluate(WHY_CELLS):
        assert row["table"] != "block" and row["label"] == "none" and row["why"] < 0.7 * row["row"], row
