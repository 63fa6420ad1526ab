"""A customer page in Chromium: the script channels switch, copy copies the script, mailto opens the same email."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import Locator, Page, expect

from playbook_gen.books import load_book
from playbook_gen.pages import AskView, PageMaker
from playbook_gen.plan import plan_asks
from playbook_gen.render import page_environment, text_environment

from .browser_harness import EXAMPLE_TODAY, REPO, Tab, profile_pages

pytestmark = pytest.mark.browser

CHANNELS = ["In person / phone", "Email", "Forwardable note", "Short message"]


@pytest.fixture(scope="module")
def planned_asks() -> dict[str, AskView]:
    """Every planned ask of the example playbook, by its anchor on the connector's page, as the core writes it."""
    _, book = load_book(REPO / "docs", salesperson="maya-okafor", today=date.fromisoformat(EXAMPLE_TODAY), root=REPO)
    templates = REPO / "templates"
    maker = PageMaker(book=book, plan=plan_asks(book), pages_env=page_environment(templates), text_env=text_environment(templates))
    return {view.anchor: view for connector_id in book.connectors for view in maker.asks_of(connector_id)}


def pages_with_asks(site: Path) -> list[str]:
    """The example's customer pages that hold the scripts of at least one planned ask."""
    planned = re.compile(r'id="ask-\d{4}-\d{2}-\d{2}-')  # not the "ask-history" heading
    return [path for path in profile_pages(site, "customers") if planned.search((site / path / "index.html").read_text(encoding="utf-8"))]


def ask_tabs(page: Page) -> list[tuple[str, Locator]]:
    """Each planned ask on a customer page: its anchor and its set of script tabs."""
    headings = page.locator("article h3[id^='ask-']")
    found = []
    for index in range(headings.count()):
        anchor = headings.nth(index).get_attribute("id") or ""
        found.append((anchor, page.locator(f"article h3[id='{anchor}'] ~ .tabbed-set").first))
    return found


def shown(block: Locator) -> str:
    """The text a reader sees in a script block (the ``pre`` ends with a newline that is no part of it)."""
    return block.locator("code").inner_text().removesuffix("\n")


def show_channel(tabs: Locator, channel: str) -> Locator:
    """Click a channel's tab; returns its panel."""
    tabs.locator(".tabbed-labels > label", has_text=channel).click()
    return tabs.locator(".tabbed-content > .tabbed-block").nth(CHANNELS.index(channel))


def test_every_planned_ask_has_its_page(example_site: Path, planned_asks: dict[str, AskView]) -> None:
    on_pages = {path.split("/")[1]: (example_site / path / "index.html").read_text(encoding="utf-8") for path in pages_with_asks(example_site)}
    assert planned_asks, "the example plans asks"
    for anchor, view in planned_asks.items():
        assert f'id="{anchor}"' in on_pages[view.ask.connector.id]


def test_script_channels_switch_as_tabs(example_site: Path, example_url: str, open_tab: Callable[..., Tab]) -> None:
    for path in pages_with_asks(example_site):
        page = open_tab(example_url).visit(path)
        for _, tabs in ask_tabs(page):
            labels = tabs.locator(".tabbed-labels > label")
            expect(labels).to_have_text(CHANNELS)
            blocks = tabs.locator(".tabbed-content > .tabbed-block")
            for channel in [*CHANNELS[1:], CHANNELS[0]]:
                show_channel(tabs, channel)
                for index, other in enumerate(CHANNELS):
                    if other == channel:
                        expect(blocks.nth(index)).to_be_visible()
                    else:
                        expect(blocks.nth(index)).to_be_hidden()


def test_copy_button_copies_exactly_the_script_shown(
    example_site: Path, example_url: str, open_tab: Callable[..., Tab], planned_asks: dict[str, AskView]
) -> None:
    copied_any = 0
    for path in pages_with_asks(example_site):
        tab = open_tab(example_url, permissions=["clipboard-read", "clipboard-write"])
        page = tab.visit(path)
        for anchor, tabs in ask_tabs(page):
            scripts = planned_asks[anchor].scripts
            expected = {
                "In person / phone": [scripts.in_person],
                "Email": [scripts.email_subject, scripts.email_body],
                "Forwardable note": [scripts.forwardable],
                "Short message": [scripts.short_message],
            }
            for channel, texts in expected.items():
                panel = show_channel(tabs, channel)
                blocks = panel.locator(".highlight")
                assert blocks.count() == len(texts), (anchor, channel)
                for index, text in enumerate(texts):
                    block = blocks.nth(index)
                    assert shown(block) == text
                    block.hover()
                    block.locator("button[data-clipboard-target]").click()
                    assert page.evaluate("navigator.clipboard.readText()") == text
                    copied_any += 1
        assert tab.watch.take() == []
    assert copied_any >= 5


def mailto_parts(href: str) -> tuple[str, dict[str, str]]:
    """The address and the decoded header fields of a ``mailto:`` URL (RFC 6068: percent-encoding, ``+`` is a plus)."""
    url = urlsplit(href)
    assert url.scheme == "mailto", href
    fields = {}
    for pair in url.query.split("&"):
        name, _, value = pair.partition("=")
        fields[unquote(name)] = unquote(value)
    return unquote(url.path), fields


def test_mailto_link_opens_exactly_the_email_shown(
    example_site: Path, example_url: str, open_tab: Callable[..., Tab], planned_asks: dict[str, AskView]
) -> None:
    for path in pages_with_asks(example_site):
        page = open_tab(example_url).visit(path)
        for anchor, tabs in ask_tabs(page):
            panel = show_channel(tabs, "Email")
            link = panel.locator("a.playbook-mailto")
            expect(link).to_be_visible()
            address, fields = mailto_parts(link.get_attribute("href") or "")
            assert set(fields) == {"subject", "body"}
            assert fields["subject"] == shown(panel.locator(".playbook-subject"))
            # Mail bodies carry CRLF line ends (RFC 6068); the page shows lines.
            assert fields["body"].replace("\r\n", "\n") == shown(panel.locator(".playbook-script"))
            assert "\n" not in fields["body"].replace("\r\n", "")
            connector = planned_asks[anchor].ask.connector.data
            assert address == (connector.email or "")
            assert fields["subject"] == planned_asks[anchor].scripts.email_subject


def test_the_copy_button_beside_a_planned_ask_copies_exactly_its_record_command(
    example_site: Path, example_url: str, open_tab: Callable[..., Tab], planned_asks: dict[str, AskView]
) -> None:
    """Issue 15: on the home page, the ask plan and each customer page, the command shown is the one copied,
    and it names the ask's ids, so pasting it in the repository records that ask."""
    expected = {view.record_command for view in planned_asks.values()}
    assert all(command.startswith("playbook-gen record ask ") for command in expected)
    copied: set[str] = set()
    for path in ["", "asks/", *pages_with_asks(example_site)]:
        tab = open_tab(example_url, permissions=["clipboard-read", "clipboard-write"])
        page = tab.visit(path)
        commands = page.locator("article .playbook-command")
        assert commands.count() > 0, path
        for index in range(commands.count()):
            block = commands.nth(index)
            text = shown(block)
            if text.startswith("playbook-gen record ask "):
                assert text in expected, (path, text)
            block.scroll_into_view_if_needed()
            block.hover()
            block.locator("button[data-clipboard-target]").click()
            assert page.evaluate("navigator.clipboard.readText()") == text, (path, text)
            copied.add(text)
        assert tab.watch.take() == []
    assert expected <= copied, "every planned ask's command is shown and copied somewhere"
