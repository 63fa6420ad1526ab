"""An encrypted playbook (SPEC §11) in Chromium: unlocked once, it works as an unencrypted one does."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import Page, expect

from playbook_gen.addresses import Addresses
from playbook_gen.encryption import address_key

from .browser_harness import REPO, Tab, build_playbook, serve

pytestmark = pytest.mark.browser
PASSPHRASE = "correct horse battery staple"
IDS = re.compile(r"maya-okafor|tom-becker|greta-hansen|zoe-lindqvist|priya-raman|dana-ruiz|customers/[a-z]|contacts/[a-z]")


def address(src_uri: str) -> str:
    """Where the encrypted site publishes a profile's page: an opaque path, from the passphrase."""
    dest = Addresses(address_key(PASSPHRASE, site_id="maya-okafor")).dest_uri(src_uri, directory_urls=True)
    assert dest is not None and dest.startswith("p/")
    return dest.removesuffix("index.html")


@pytest.fixture(scope="module")
def encrypted_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("encrypted") / "repo"
    shutil.copytree(REPO / "docs", root / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - playbook:\n", "  - playbook:\n      encrypt: true\n", 1), encoding="utf-8")
    site = build_playbook(
        root / "mkdocs.yml", root / "site", PLAYBOOK_TODAY="2026-11-23", PLAYBOOK_SALESPERSON="maya-okafor", PLAYBOOK_PASSPHRASE_MAYA_OKAFOR=PASSPHRASE
    )
    assert os.environ.get("PLAYBOOK_PASSPHRASE_MAYA_OKAFOR") is None  # the build's environment is put back
    with serve(site) as url:
        yield url


def unlock(page: Page, passphrase: str = PASSPHRASE) -> None:
    page.locator("#playbook-passphrase").fill(passphrase)
    page.locator("#playbook-unlock button").click()
    expect(page.locator(".md-header")).to_be_visible(timeout=20_000)  # PBKDF2 with 600,000 iterations, then the page


def test_unlocked_once_the_site_navigates_searches_and_opens_in_a_new_tab(encrypted_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(encrypted_url)
    page = tab.visit("")
    expect(page.locator("#playbook-unlock")).to_be_visible()
    assert page.locator(".md-header").count() == 0
    unlock(page)
    expect(page.locator("article h1")).to_have_text("Your referral playbook")  # the example's docs/index.md heading
    # Three pages by their links, never typing the passphrase again.
    for label, heading in (("Ask plan", "Ask plan"), ("Customers", "Customers"), ("Contacts", "Contacts")):
        with page.expect_navigation(wait_until="load"):
            page.locator(".md-sidebar--primary .md-nav__link", has_text=label).first.click()
        expect(page.locator("article h1")).to_have_text(heading, timeout=10_000)
        assert page.locator("#playbook-unlock").count() == 0
    # Search over the decrypted index finds a contact by last name, at her opaque address.
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Lindqvist")
    found = page.locator(".md-search-result__item").first
    expect(found).to_contain_text("Lindqvist", timeout=10_000)
    href = found.locator("a").first.get_attribute("href") or ""
    assert not IDS.search(href), href
    page.wait_for_load_state("networkidle")  # the search worker has loaded: leaving now aborts nothing
    # A customer's page from the customers' index: its address names nobody, and it opens at once.
    page.goto(encrypted_url + "customers/", wait_until="load")
    with page.expect_navigation(wait_until="load"):
        page.locator("article a", has_text="Greta Hansen").first.click()
    expect(page.locator("article h1")).to_have_text("Greta Hansen", timeout=10_000)
    assert page.url == encrypted_url + address("customers/greta-hansen.md")
    links = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert [link for link in links if not link.startswith(("mailto:", "http")) and IDS.search(link)] == []
    # "Open the script" lands on an anchor of the page, which names nobody either.
    page.wait_for_load_state("networkidle")
    page.goto(encrypted_url, wait_until="load")
    expect(page.locator("article h1")).to_be_visible(timeout=10_000)
    page.wait_for_load_state("networkidle")
    with page.expect_navigation(wait_until="load"):
        page.locator("article a", has_text="open the script").first.click()
    expect(page.locator("article h1")).to_be_visible(timeout=10_000)
    assert page.url.startswith(encrypted_url + "p/") and "#ask-" in page.url and not IDS.search(page.url), page.url
    page.wait_for_load_state("networkidle")
    # A new tab of the same session opens without the passphrase (the open tab hands the key over).
    other = page.context.new_page()
    other.goto(encrypted_url + address("contacts/zoe-lindqvist.md"), wait_until="load")
    expect(other.locator("article h1")).to_have_text("Zoë Lindqvist", timeout=10_000)
    # The old address names her, and holds nothing.
    assert other.request.get(encrypted_url + "contacts/zoe-lindqvist/").status == 404
    assert tab.watch.take() == []


def test_copy_buttons_mailto_downloads_and_the_meeting_card_work_unlocked(encrypted_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(encrypted_url, permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = tab.visit(address("customers/priya-raman.md"))  # an ask is planned of her: its scripts are on her page
    unlock(page)
    block = page.locator("article .highlight").filter(has=page.locator("code")).first
    block.hover()
    block.locator("button[data-clipboard-target]").click()
    assert page.evaluate("navigator.clipboard.readText()") == block.locator("code").inner_text().rstrip("\n")
    tabs = page.locator("article .tabbed-set").first  # in person / email / forwardable note / short message
    tabs.locator(".tabbed-labels label", has_text="Email").click()
    expect(tabs.locator(".tabbed-block").nth(1)).to_be_visible()
    expect(tabs.locator(".tabbed-block").nth(0)).to_be_hidden()
    mailto = page.locator("article a[href^='mailto:']").first
    assert mailto.get_attribute("href").startswith("mailto:priya")  # type: ignore[union-attr]
    page.goto(encrypted_url + "asks/", wait_until="load")
    expect(page.locator("article h1")).to_have_text("Ask plan", timeout=10_000)
    for name, first_line in (("asks.csv", b"week,connector,contact,role,form"), ("asks.ics", b"BEGIN:VCALENDAR")):
        with page.expect_download() as download:
            page.locator(f"article a[href$='{name}']").first.click()
        saved = Path(download.value.path())
        assert download.value.suggested_filename == name
        assert saved.read_bytes().startswith(first_line), name
    page.goto(encrypted_url + address("contacts/zoe-lindqvist.md"), wait_until="load")
    expect(page.locator("article h1")).to_have_text("Zoë Lindqvist", timeout=10_000)
    page.emulate_media(media="print")
    expect(page.locator("article .playbook-card")).to_be_visible()
    assert tab.watch.take() == []


def test_a_wrong_passphrase_says_so_and_shows_nothing(encrypted_url: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(encrypted_url)
    page = tab.visit(address("contacts/zoe-lindqvist.md"))
    page.locator("#playbook-passphrase").fill("not the passphrase")
    page.locator("#playbook-unlock button").click()
    expect(page.locator("#playbook-message")).to_have_text("Wrong passphrase: nothing was decrypted. Try again.", timeout=20_000)
    assert "Lindqvist" not in page.content()
    assert page.evaluate("Object.keys(sessionStorage).length") == 0
