"""Recording from the page in Chromium, against a real ``playbook-gen serve`` of a copy of the example (SPEC §12).

Each kind of control is clicked (or submitted) as a salesperson would; after each,
the profiles must be byte for byte what the same ``playbook-gen record`` command made
of a second copy, and the page reloads with the change. A stale page's refusal shows
its rule and "Record anyway" records it. On a hosted playbook whose repository is on
GitHub, the same controls open a prefilled new issue, encrypted or not.
"""

from __future__ import annotations

import re
import shlex
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import Browser, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError
from serving import fetch, serving

from playbook_gen.commands import issue_body

from .browser_harness import EXAMPLE_TODAY, REPO, Tab, build_playbook
from conftest import invoke

pytestmark = pytest.mark.browser

ENV = {"PLAYBOOK_TODAY": EXAMPLE_TODAY}
HOSTILE = ["", "plain", "it's", 'say "hi"', "$(touch /tmp/pwned)", "a;b|c&d", "`id`", "tab\there", "naïve café", "x'\"'y", "-rf", "50%+=:,./@"]


def docs_bytes(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "docs").rglob("*")) if path.is_file()}


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path]:
    """The example twice: one served and recorded into from the page, one for the command line."""
    pressed, by_hand = tmp_path / "pressed", tmp_path / "by-hand"
    for root in (pressed, by_hand):
        shutil.copytree(REPO / "docs", root / "docs")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return pressed, by_hand


@pytest.fixture
def served(twins: tuple[Path, Path]) -> Iterator[str]:
    with serving(twins[0], "--salesperson", "maya-okafor", env=ENV) as (port, _):
        yield f"http://127.0.0.1:{port}/"


def by_hand(root: Path, command: str) -> None:
    result = invoke(root, *shlex.split(command)[1:], env=ENV)
    assert result.exit_code == 0, result.output


def until_changed(root: Path, before: dict[str, bytes], page: Page, seconds: float = 60) -> None:
    """Wait for the press to reach the files. The wait is the page's own (``wait_for_timeout``), never ``time.sleep``:
    every request of the tab passes through the harness's route handler, which Playwright's sync API runs only while
    the test is inside one of its calls, so a test asleep in Python holds the button's request back until it wakes."""
    deadline = time.monotonic() + seconds
    while docs_bytes(root) == before:
        assert time.monotonic() < deadline, "the click changed no profile"
        page.wait_for_timeout(200)


def recorded_and_reloaded(page: Page) -> None:
    """After a recording click the page reloads with the change (the serve process's livereload), and says what was recorded."""
    expect(page.locator(".playbook-record__recorded")).to_be_visible(timeout=60_000)
    expect(page.locator(".playbook-record__recorded")).to_contain_text("docs/")
    settled(page)


LIVERELOAD_EPOCH = re.compile(r"livereload\((\d+),")


def settled(page: Page, seconds: float = 60) -> None:
    """Wait until the page shows serve's latest build. Not a timing check: on a busy machine one press's files may
    reach serve's watcher in two batches, and the second rebuild reloads the page later; a form filled before that
    reload, or a page opened meanwhile, would be lost to it."""
    deadline = time.monotonic() + seconds
    while True:
        page.wait_for_timeout(500)  # the file events reach serve's watcher, its build loop starts (MkDocs waits 0.1 s for more)
        address = urlsplit(page.url)
        try:
            _, served = fetch(address.port or 80, address.path)  # serve answers once its build is done
        except OSError:  # a long build: ask again
            served = ""
        latest = LIVERELOAD_EPOCH.search(served)
        try:
            shown = LIVERELOAD_EPOCH.search(page.content())
        except PlaywrightError:  # reloading just now
            shown = None
        if latest is not None and shown is not None and shown[1] == latest[1]:
            return
        assert time.monotonic() < deadline, "the page never showed serve's latest build"


def click_and_compare(tab: Tab, pressed: Path, hand: Path, button: object, command: str, *, keyboard: bool = False) -> None:
    before = docs_bytes(pressed)
    if keyboard:
        button.focus()  # type: ignore[attr-defined]
        tab.page.keyboard.press("Enter")
    else:
        button.click()  # type: ignore[attr-defined]
    try:
        until_changed(pressed, before, tab.page)
    except AssertionError as exc:  # what the page said instead
        said = [text for text in tab.page.locator(".playbook-record__result").all_inner_texts() if text.strip()]
        raise AssertionError(f"{exc}: {command!r}; the page said {said}; at {tab.page.url}") from None
    by_hand(hand, command)
    assert docs_bytes(pressed) == docs_bytes(hand), command
    recorded_and_reloaded(tab.page)


def test_every_kind_of_button_records_what_its_command_records(served: str, twins: tuple[Path, Path], open_tab: Callable[..., Tab]) -> None:
    pressed, hand = twins
    tab = open_tab(served, viewport={"width": 390, "height": 844})  # on a phone
    page = tab.visit("", quiet=False)

    asked = page.locator(".playbook-record button", has_text="I asked").first
    expect(asked).to_be_visible()
    click_and_compare(tab, pressed, hand, asked, asked.get_attribute("data-command") or "", keyboard=True)

    # An open ask's four answers: "Checking first" keeps it open.
    page = tab.visit("customers/greta-hansen/", quiet=False)
    checking = page.locator(".playbook-record button", has_text="Checking first").first
    click_and_compare(tab, pressed, hand, checking, checking.get_attribute("data-command") or "")
    introduced = page.locator(".playbook-record button", has_text="Introduced").first
    click_and_compare(tab, pressed, hand, introduced, introduced.get_attribute("data-command") or "")

    # The introduction made, a thank-you is owed: its button, on the contact page.
    page = tab.visit("contacts/dana-ruiz/", quiet=False)
    thanked = page.locator(".playbook-record button", has_text="Thanked").first
    click_and_compare(tab, pressed, hand, thanked, thanked.get_attribute("data-command") or "")

    page = tab.visit("contacts/dana-ruiz/", quiet=False)
    met = page.get_by_role("button", name="First conversation held")
    click_and_compare(tab, pressed, hand, met, "playbook-gen record stage dana-ruiz first-conversation")

    statement = "Know by Friday whether the $(cash) covers payroll; it's 'urgent' & real"
    page = tab.visit("contacts/dana-ruiz/", quiet=False)
    page.get_by_label("Outcome they want").fill(statement)
    page.get_by_label("Importance (1-10)").fill("9")
    page.get_by_label("Satisfaction (1-10)").fill("3")
    submit = page.get_by_role("button", name="Record the outcome")
    click_and_compare(
        tab, pressed, hand, submit, shlex.join(["playbook-gen", "record", "outcome", "dana-ruiz", statement, "--importance", "9", "--satisfaction", "3"])
    )

    page = tab.visit("contacts/dana-ruiz/", quiet=False)
    page.get_by_label("Stage", exact=True).select_option("propose")
    click_and_compare(tab, pressed, hand, page.get_by_role("button", name="Record the stage"), "playbook-gen record stage dana-ruiz propose")

    page = tab.visit("customers/greta-hansen/", quiet=False)
    page.get_by_label("What you did for them").fill("Sent her the trade fair tickets")
    click_and_compare(
        tab, pressed, hand, page.get_by_role("button", name="Record it"), "playbook-gen record gave greta-hansen 'Sent her the trade fair tickets'"
    )

    page = tab.visit("customers/luis-ferreira/", quiet=False)
    talked = page.locator(".playbook-record button", has_text="We talked").first
    click_and_compare(tab, pressed, hand, talked, talked.get_attribute("data-command") or "")
    assert tab.watch.take() == []


@pytest.mark.parametrize("path", ["", "customers/greta-hansen/", "contacts/dana-ruiz/", "asks/"])
def test_the_controls_are_accessible_and_fit_a_phone(served: str, open_tab: Callable[..., Tab], path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_tab(served, viewport={"width": 390, "height": 844}).visit(path, quiet=False)
    expect(page.locator(".playbook-record").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for control in page.locator(".playbook-record:visible button, .playbook-record:visible input, .playbook-record:visible select").all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, control.evaluate("e => e.outerHTML")
        assert box["height"] >= 36, "a thumb's target"
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_stale_pages_refusal_shows_its_rule_and_record_anyway_records(
    served: str, twins: tuple[Path, Path], open_tab: Callable[..., Tab], chromium: Browser
) -> None:
    pressed, hand = twins
    tab = open_tab(served)
    stale = chromium.new_context()
    try:
        old = stale.new_page()
        old.route("**/livereload/**", lambda route: route.abort())  # a page left open: it never reloads
        old.goto(served)
        page = tab.visit("", quiet=False)
        command = page.locator(".playbook-record button", has_text="I asked").first.get_attribute("data-command") or ""
        click_and_compare(tab, pressed, hand, page.locator(f".playbook-record button[data-command='{command}']"), command)

        before = docs_bytes(pressed)
        old.locator(f".playbook-record button[data-command='{command}']").click()
        result = old.locator(".playbook-record__result--refused")
        expect(result).to_contain_text("refused:")
        expect(result).to_contain_text("one person at a time")
        assert docs_bytes(pressed) == before, "a refusal writes nothing"
        anyway = old.get_by_role("button", name="Record anyway")
        expect(anyway).to_be_focused()
        anyway.click()
        until_changed(pressed, before, old)
        by_hand(hand, command + " --force")
        assert docs_bytes(pressed) == docs_bytes(hand)
    finally:
        stale.close()


def test_an_answer_lost_to_the_reload_is_asked_again_and_records_once(served: str, twins: tuple[Path, Path], open_tab: Callable[..., Tab]) -> None:
    """The rebuild's livereload may come before serve's answer: the reloaded page asks again, and nothing is written twice."""
    pressed, hand = twins
    tab = open_tab(served)
    page = tab.visit("customers/greta-hansen/", quiet=False)
    button = page.locator(".playbook-record button", has_text="We talked").first
    command = button.get_attribute("data-command") or ""
    reached: list[str] = []

    def lose_the_answer(route: Route) -> None:  # the request reaches serve; its answer never reaches the page
        if not reached:
            reached.append(route.fetch().text())
            route.abort()
        else:
            route.continue_()

    page.route("**/_playbook/record", lose_the_answer)
    before = docs_bytes(pressed)
    button.click()
    until_changed(pressed, before, page)
    by_hand(hand, command)
    recorded_and_reloaded(page)
    assert reached and '"ok": true' in reached[0]
    assert docs_bytes(pressed) == docs_bytes(hand), "asked again, recorded once"
    expect(page.locator(".playbook-record__recorded")).not_to_contain_text("Already recorded")
    page.reload()
    expect(page.locator(".playbook-record__recorded")).to_have_count(1)  # a reload right after still says it
    assert docs_bytes(pressed) == docs_bytes(hand)


def test_what_is_typed_into_a_form_survives_a_reload_until_it_is_recorded(served: str, twins: tuple[Path, Path], open_tab: Callable[..., Tab]) -> None:
    """Serve reloads the page after every rebuild: a half-filled form comes back as it was, and empty once recorded."""
    pressed, hand = twins
    tab = open_tab(served)
    page = tab.visit("contacts/dana-ruiz/", quiet=False)
    statement = "Close the month in two days, not ten"
    page.get_by_label("Outcome they want").fill(statement)
    page.get_by_label("Importance (1-10)").fill("8")
    page.get_by_label("Stage", exact=True).select_option("propose")
    page.reload()
    expect(page.get_by_label("Outcome they want")).to_have_value(statement)
    expect(page.get_by_label("Importance (1-10)")).to_have_value("8")
    expect(page.get_by_label("Satisfaction (1-10)")).to_have_value("")
    expect(page.get_by_label("Stage", exact=True)).to_have_value("propose")

    page.get_by_label("Satisfaction (1-10)").fill("2")
    command = shlex.join(["playbook-gen", "record", "outcome", "dana-ruiz", statement, "--importance", "8", "--satisfaction", "2"])
    click_and_compare(tab, pressed, hand, page.get_by_role("button", name="Record the outcome"), command)
    expect(page.get_by_label("Outcome they want")).to_have_value("")  # recorded: the form starts afresh
    expect(page.get_by_label("Stage", exact=True)).to_have_value("propose")  # not recorded yet: still as it was left


def test_the_page_quotes_each_word_as_the_shell_does(served: str, open_tab: Callable[..., Tab]) -> None:
    page = open_tab(served).visit("", quiet=False)
    quoted = page.evaluate("words => words.map(window.playbookRecord.quote)", HOSTILE)
    assert quoted == [shlex.quote(word) for word in HOSTILE]


@pytest.fixture(scope="module")
def github_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example with its repository on GitHub: built plain, and encrypted."""
    root = tmp_path_factory.mktemp("github")
    shutil.copytree(REPO / "docs", root / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("https://example.com/northwind/playbooks", "https://github.com/northwind/playbooks")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "encrypted.yml").write_text(config.replace("      salesperson:", "      encrypt: true\n      salesperson:"), encoding="utf-8")
    return {
        "plain": build_playbook(root / "mkdocs.yml", root / "site", **ENV),
        "encrypted": build_playbook(root / "encrypted.yml", root / "site-encrypted", **ENV, PLAYBOOK_PASSPHRASE="correct horse battery staple 42"),
    }


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_on_a_github_playbook_a_button_opens_a_prefilled_issue(github_sites: dict[str, Path], kind: str, open_tab: Callable[..., Tab]) -> None:
    from .browser_harness import serve

    with serve(github_sites[kind]) as url:
        tab = open_tab(url)
        page = tab.visit("", quiet=False)
        if kind == "encrypted":
            page.locator("#playbook-passphrase").fill("correct horse battery staple 42")
            page.locator("#playbook-unlock button").click()
        button = page.locator(".playbook-record button", has_text="I asked").first
        expect(button).to_be_visible(timeout=30_000)
        command = button.get_attribute("data-command") or ""
        # GitHub stands in: the machine has no internet, and the test needs only the address the page opens.
        page.context.route("https://github.com/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>New issue</title>"))
        with page.context.expect_page() as opened:
            button.click()
        opened.value.wait_for_load_state()
        issue = opened.value.url
        dated = f"{command} --date {date.today().isoformat()}"
        assert issue.startswith("https://github.com/northwind/playbooks/issues/new?")
        query = parse_qs(urlsplit(issue).query)
        assert query["template"] == ["record.yml"] and query["labels"] == ["playbook-record"]
        assert query["command"] == [dated] and query["title"] == [f"Record: {dated}"]
        assert issue_body(query["command"][0]).count(dated) == 1
        expect(page.locator(".playbook-record__result").first).to_contain_text("A new issue opens with")
        assert tab.watch.take() == []
