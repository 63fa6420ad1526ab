"""The rules that live in weeks, not instants (SPEC §1.3, §1.7, §3, §5, §8): one regression test per behaviour
a three-week trial found broken.

The week counts what was done; a connector is asked for one person at a time;
dates never run backwards; every page gives an event its own date; three
thank-yous, none overwriting another. Each test drives the real command line on a
copy of the example playbook (or a small one) and reads the built pages.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from click.testing import CliRunner, Result

from playbook_gen.cli import main

from conftest import build, write_tree


def run(root: Path, *args: str, today: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], env={"PLAYBOOK_TODAY": today, "PLAYBOOK_SALESPERSON": "maya-okafor"})


def ok(root: Path, *args: str, today: str) -> str:
    result = run(root, *args, today=today)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def refused(root: Path, *args: str, today: str) -> str:
    """A refusal: exit 1, one line on stderr, no file changed."""
    before = snapshot(root)
    result = run(root, *args, today=today)
    assert result.exit_code == 1, (args, result.output)
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.output
    assert snapshot(root) == before
    return result.stderr.strip()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*.md"))}


def planned(root: Path, *, today: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(root, "export", "csv", "--salesperson", "maya-okafor", today=today))))


def page_text(site: Path, page: str) -> str:
    raw = (site / page / "index.html").read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r" ([.,:;)])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split()))


def _build(root: Path, today: str) -> Path:
    import os

    os.environ["PLAYBOOK_TODAY"] = today
    try:
        return build(root, site_dir=root / f"site-{today}")
    finally:
        del os.environ["PLAYBOOK_TODAY"]


# -- the week counts what was done ---------------------------------------------------------------


def test_the_week_offers_no_third_ask_once_its_two_are_recorded(example: Path) -> None:
    monday = "2026-11-30"
    week = [row for row in planned(example, today=monday) if row["week"] == monday]
    assert len(week) == 2
    for row in week:
        person = ["--contact", row["contact"]] if row["contact"] else ["--role", row["role"]]
        ok(example, "record", "ask", row["connector"], *person, today=monday)
    # The reproduction: export planned priya-raman -> ines-carvalho in that same week.
    assert [row for row in planned(example, today=monday) if row["week"] == monday] == []
    assert [row for row in planned(example, today="2026-12-02") if row["week"] == monday] == []
    site = _build(example, monday)
    home = page_text(site, "")
    this_week = home.split("This week", 1)[1].split("Pipeline", 1)[0]
    assert "This week's asks are made." in this_week and "record ask" not in this_week
    plan_page = page_text(site, "asks")
    first_week = plan_page.split(f"Week of {monday}", 1)[1].split("Week of", 1)[0]
    assert "This week's asks are made." in first_week and "open the script" not in first_week
    ics = (site / "asks.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20261130" not in ics


def test_record_ask_refuses_an_ask_beyond_the_weeks_limit_and_force_records_it(example: Path) -> None:
    monday = "2026-11-30"
    ok(example, "record", "ask", "marcus-webb", "--role", "accountant", today=monday)
    ok(example, "record", "ask", "aisha-bello", "--role", "financial advisor", today=monday)
    rule = refused(example, "record", "ask", "priya-raman", "--contact", "ines-carvalho", "--date", "2026-12-03", today=monday)
    assert rule == (
        "docs/customers/priya-raman.md:23: refused: the week of 2026-11-30 already has its 2 asks (asks_per_week: 2): "
        "Aisha Bello for their financial advisor (2026-11-30), Marcus Webb for their accountant (2026-11-30); "
        "the next asks are for the week of 2026-12-07; --force records it anyway"
    )
    assert "asks + ines-carvalho" in ok(example, "record", "ask", "priya-raman", "--contact", "ines-carvalho", "--force", today=monday)


# -- one person at a time per connector ----------------------------------------------------------------


def test_a_connector_with_an_open_ask_is_not_planned_until_answered(example: Path) -> None:
    # Greta's ask about Dana Ruiz (2026-11-02) is pending: today's main planned greta-hansen -> zoe-lindqvist for 2026-12-14.
    assert [r for r in planned(example, today="2026-11-23") if r["connector"] == "greta-hansen"] == []
    site = _build(example, "2026-11-23")
    plan_page = page_text(site, "asks")
    assert "Greta Hansen has not answered your ask for Dana Ruiz of 2026-11-02 (pending)" in plan_page
    assert "playbook-gen record answer greta-hansen --contact dana-ruiz introduced" in plan_page
    rule = refused(example, "record", "ask", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-14", today="2026-12-14")
    assert "Greta Hansen has not answered your ask for Dana Ruiz of 2026-11-02 (pending)" in rule and rule.endswith("--force records it anyway")
    ok(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "no-answer", "--date", "2026-12-01", today="2026-12-01")
    assert ("greta-hansen", "zoe-lindqvist") in {(r["connector"], r["contact"]) for r in planned(example, today="2026-12-01")}


def test_checking_keeps_the_ask_open_through_to_the_introduction(example: Path) -> None:
    ok(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "checking", "--date", "2026-11-25", today="2026-11-25")
    greta = (example / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert "    result: checking\n" in greta and "answered" not in greta.split("dana-ruiz", 1)[1]
    assert [r for r in planned(example, today="2026-11-30") if r["connector"] == "greta-hansen"] == []
    site = _build(example, "2026-11-30")
    greta_page = page_text(site, "customers/greta-hansen")
    assert "Greta Hansen is checking with them first" in greta_page
    assert "this is the note to send Greta Hansen for Dana Ruiz" in greta_page
    assert "Follow up with Greta Hansen" not in page_text(site, "")  # the follow-up clock restarted on 2026-11-25
    assert "Follow up with Greta Hansen" in page_text(_build(example, "2026-12-09"), "")
    ok(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "introduced", "--date", "2026-12-02", today="2026-12-02")
    greta = (example / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert "    result: introduced\n    answered: 2026-12-02\n" in greta


# -- dates never run backwards ----------------------------------------------------------------------------


def test_an_answer_before_its_ask_is_refused_force_or_not(example: Path) -> None:
    rule = refused(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "introduced", "--date", "2026-10-30", today="2026-11-23")
    assert rule == (
        "docs/customers/greta-hansen.md:29: refused: an answer on 2026-10-30 would come before the ask itself (2026-11-02); "
        "dates never run backwards (check --date)"
    )


def test_a_thank_you_before_the_introduction_and_a_meeting_before_it_are_refused(example: Path) -> None:
    ok(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "introduced", "--date", "2026-11-20", today="2026-11-23")
    rule = refused(example, "record", "thanked", "greta-hansen", "--contact", "dana-ruiz", "--date", "2026-11-19", today="2026-11-23")
    assert "a thank-you on 2026-11-19 would come before the introduction (2026-11-20)" in rule
    rule = refused(example, "record", "stage", "dana-ruiz", "first-conversation", "--date", "2026-11-18", today="2026-11-23")
    assert rule == (
        "docs/contacts/dana-ruiz.md:9: refused: a first conversation on 2026-11-18 would come before the introduction (2026-11-20); "
        "dates never run backwards (check --date)"
    )


def test_check_reports_dates_that_run_backwards_in_the_files(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: T\nplugins:\n  - playbook\n",
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
            "docs/customers/ann.md": (
                "---\nname: Ann Lee\nknows: [{contact: dana}]\nasks:\n"
                "  - {contact: dana, date: 2026-11-10, result: introduced, answered: 2026-11-02, thanked: 2026-11-01}\n---\n"
            ),
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\nstage: first-conversation\nmet: 2026-10-01\n---\n",
        },
    )
    result = run(root, "check", today="2026-11-23")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "docs/contacts/dana.md:5: warning: met: 2026-10-01 is before the introduction by Ann Lee on 2026-11-02 (docs/customers/ann.md:5); "
        "the first conversation comes after it",
        "docs/customers/ann.md:5: asks[0].answered: 2026-11-02 is before the ask itself (2026-11-10); an answer comes after its ask",
        "docs/customers/ann.md:5: asks[0].thanked: 2026-11-01 is before the ask's answered (2026-11-02); a thank-you comes after what it thanks for",
    ]


# -- every page gives an event its own date --------------------------------------------------------------


def test_pages_give_an_introduction_and_a_refusal_their_own_answered_date(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: T\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook\n",
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
            "docs/customers/ann.md": (
                "---\nname: Ann Lee\nlast_contact: 2026-12-10\nknows: [{contact: dana}, {contact: eve}]\nasks:\n"
                "  - {contact: dana, date: 2026-12-07, result: introduced, answered: 2026-12-10}\n"
                "  - {contact: eve, date: 2026-09-07, result: declined, answered: 2026-09-21}\n---\n"
            ),
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\nstage: introduced\n---\n",
            "docs/contacts/eve.md": "---\nname: Eve Stone\nwhy: She is hiring.\n---\n",
        },
    )
    site = _build(root, "2026-12-14")
    contacts = page_text(site, "contacts")
    assert "introduced on 2026-12-10" in contacts and "2026-12-07" not in contacts
    assert "declined on 2026-09-21" in contacts and "2026-09-07" not in contacts
    dana = page_text(site, "contacts/dana")
    assert "Introduced by Ann Lee on 2026-12-10" in dana and "2026-12-07" not in dana
    ann = page_text(site, "customers/ann")
    assert "Ann Lee introduced Dana Ruiz on 2026-12-10" in ann
    assert "2026-09-07 Eve Stone declined on 2026-09-21" in ann  # the ask history: asked on, then the answer's own date


# -- three thank-yous, none overwriting another -------------------------------------------------------------


def test_three_thank_yous_each_recorded_once_and_each_gone_from_the_pages_once_recorded(example: Path) -> None:
    ok(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "introduced", "--date", "2026-11-24", today="2026-11-24")
    home = page_text(_build(example, "2026-11-24"), "")
    assert "Thank Greta Hansen for the introduction to Dana Ruiz" in home
    ok(example, "record", "thanked", "greta-hansen", "--contact", "dana-ruiz", "--date", "2026-11-24", today="2026-11-24")
    site = _build(example, "2026-11-24")
    assert "Thank Greta Hansen" not in page_text(site, "")
    dana = page_text(site, "contacts/dana-ruiz")
    assert "Next step: Book the first conversation; you thanked Greta Hansen for the introduction on 2026-11-24." in dana
    assert "Next step: Thank" not in dana

    ok(example, "record", "stage", "dana-ruiz", "first-conversation", "--date", "2026-12-01", today="2026-12-01")
    site = _build(example, "2026-12-01")
    assert "First conversation: 2026-12-01" in page_text(site, "contacts/dana-ruiz")  # `met` on the page
    assert "Thank Greta Hansen again" in page_text(site, "")
    # The second `record thanked` records the second thank-you; the first keeps its date.
    out = ok(example, "record", "thanked", "greta-hansen", "--contact", "dana-ruiz", "--date", "2026-12-02", today="2026-12-02")
    assert "thanked_meeting 2026-12-02" in out
    greta = (example / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert "    thanked: 2026-11-24\n" in greta and "    thanked_meeting: 2026-12-02\n" in greta
    assert "Thank Greta Hansen" not in page_text(_build(example, "2026-12-02"), "")
    rule = refused(example, "record", "thanked", "greta-hansen", "--contact", "dana-ruiz", "--for", "meeting", today="2026-12-03")
    assert "was already thanked after the first conversation on 2026-12-02; a thank-you is never overwritten" in rule

    out = ok(example, "record", "stage", "dana-ruiz", "won", "--date", "2027-02-01", today="2027-02-01")
    assert "closed 2027-02-01" in out
    site = _build(example, "2027-02-01")
    assert "Close the loop with Greta Hansen" in page_text(site, "")
    dana = page_text(site, "contacts/dana-ruiz")
    assert "Won on 2027-02-01" in dana and "playbook-gen record thanked greta-hansen --contact dana-ruiz --for outcome" in dana
    ok(example, "record", "thanked", "greta-hansen", "--contact", "dana-ruiz", "--date", "2027-02-02", today="2027-02-02")
    site = _build(example, "2027-02-02")
    assert "Close the loop with Greta Hansen" not in page_text(site, "")
    assert "The loop is closed: you thanked Greta Hansen at the outcome on 2027-02-02." in page_text(site, "contacts/dana-ruiz")
    assert run(example, "check", today="2027-02-02").exit_code == 0
