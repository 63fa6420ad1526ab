"""Relationships outlive asks (SPEC §1.8): a keep-in-touch rhythm, the introductions ledger, giving back,
and the connector who checks with the person first.

Each rule is read on built pages of small playbooks, and every event that is a contact with a
connector is shown to reset their rhythm.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook_gen.attention import attention
from playbook_gen.cli import main

from conftest import build, write_tree
from factories import book, connector

TODAY = date(2026, 11, 23)  # a Monday
MKDOCS = "site_name: T\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook\n"
MAYA = "---\nname: Maya Okafor\noffer: plan the handover\ntarget_roles: [accountant]\n---\n"


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def run(root: Path, *args: str, today: date = TODAY) -> Result:
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], env={"PLAYBOOK_TODAY": today.isoformat()})
    assert result.exit_code == 0, result.output
    return result


def page(site: Path, path: str) -> str:
    raw = (site / path / "index.html").read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r" ([.,:;)])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split()))


def site_of(root: Path, today: date = TODAY) -> Path:
    import os

    os.environ["PLAYBOOK_TODAY"] = today.isoformat()
    try:
        return build(root, site_dir=root / f"site-{today.isoformat()}")
    finally:
        del os.environ["PLAYBOOK_TODAY"]


def repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "repo", {"mkdocs.yml": MKDOCS, "docs/salespeople/maya-okafor.md": MAYA, **files})


# -- keep in touch ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("relationship", "rhythm"), [(5, 30), (4, 60), (3, 90), (2, 180), (1, 365)])
def test_the_rhythm_defaults_by_relationship(relationship: int, rhythm: int) -> None:
    due = [i for i in attention(book(connectors=[connector("ann", relationship=relationship, last_contact=days_ago(rhythm + 1))])) if i.kind != "stale"]
    on_time = attention(book(connectors=[connector("ann", relationship=relationship, last_contact=days_ago(rhythm))]))
    if rhythm + 1 > 180:  # past 180 days the reconnect line of the plan replaces the keep-in-touch one
        assert [i.kind for i in attention(book(connectors=[connector("ann", relationship=relationship, last_contact=days_ago(rhythm + 1))]))] == ["stale"]
    else:
        assert [(i.kind, i.days, i.rhythm, i.long_overdue) for i in due] == [("keep-in-touch", rhythm + 1, rhythm, False)]
    assert [i for i in on_time if i.kind == "keep-in-touch"] == []


def test_keep_in_touch_days_wins_and_long_overdue_is_past_twice_the_rhythm() -> None:
    due = attention(book(connectors=[connector("ann", relationship=5, keep_in_touch_days=20, last_contact=days_ago(21))]))
    overdue = attention(book(connectors=[connector("ann", relationship=5, keep_in_touch_days=20, last_contact=days_ago(41))]))
    assert [(i.kind, i.rhythm, i.long_overdue) for i in due] == [("keep-in-touch", 20, False)]
    assert [(i.kind, i.rhythm, i.long_overdue) for i in overdue] == [("keep-in-touch", 20, True)]
    assert attention(book(connectors=[connector("ann", relationship=5)])) == []  # no contact recorded: nothing to measure


def test_home_lists_who_is_due_with_the_command_and_the_customer_page_gives_the_rhythm(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "docs/customers/ann-lee.md": f"---\nname: Ann Lee\nrelationship: 4\nlast_contact: {days_ago(70)}\n---\n",
            "docs/customers/bo-chan.md": f"---\nname: Bo Chan\nrelationship: 5\nlast_contact: {days_ago(65)}\n---\n",
            "docs/customers/cy-diaz.md": f"---\nname: Cy Diaz\nkeep_in_touch_days: 30\nlast_contact: {days_ago(10)}\n---\n",
        },
    )
    site = site_of(root)
    home = page(site, "")
    assert "Keep in touch with Ann Lee: last contact 70 days ago, every 60 days is your rhythm." in home
    assert "Keep in touch with Bo Chan: last contact 65 days ago, long overdue (you meant every 30 days)." in home
    assert "playbook-gen record contacted ann-lee" in home and "Cy Diaz" not in home
    cy = page(site, "customers/cy-diaz")
    assert f"Every 30 days. Last contact {days_ago(10)}; the next touch is due by {days_ago(-20)}." in cy


EVENTS = {
    "ask": ("record", "ask", "ann-lee", "--contact", "dana-ruiz"),
    "checking": ("record", "answer", "bo-chan", "--contact", "eve-stone", "checking"),
    "introduced": ("record", "answer", "bo-chan", "--contact", "eve-stone", "introduced"),
    "declined": ("record", "answer", "bo-chan", "--contact", "eve-stone", "declined"),
    "no-answer": ("record", "answer", "bo-chan", "--contact", "eve-stone", "no-answer"),
    "thanked": ("record", "thanked", "cy-diaz", "--contact", "fay-wu"),
    "gave": ("record", "gave", "ann-lee", "Sent her a freight broker's number"),
    "contacted": ("record", "contacted", "ann-lee"),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_every_recorded_event_with_a_connector_resets_their_rhythm(tmp_path: Path, event: str) -> None:
    old = days_ago(100)
    root = repo(
        tmp_path,
        {
            "docs/customers/ann-lee.md": f"---\nname: Ann Lee\nlast_contact: {old}\nknows: [{{contact: dana-ruiz}}]\n---\n",
            "docs/customers/bo-chan.md": f"---\nname: Bo Chan\nlast_contact: {old}\nknows: [{{contact: eve-stone}}]\nasks:\n  - {{contact: eve-stone, date: {old}}}\n---\n",
            "docs/customers/cy-diaz.md": (
                f"---\nname: Cy Diaz\nlast_contact: {old}\nknows: [{{contact: fay-wu}}]\n"
                f"asks:\n  - {{contact: fay-wu, date: {old}, result: introduced, answered: {old}}}\n---\n"
            ),
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
            "docs/contacts/eve-stone.md": "---\nname: Eve Stone\nwhy: She is hiring.\nstage: asked\n---\n",
            "docs/contacts/fay-wu.md": "---\nname: Fay Wu\nwhy: She is growing.\nstage: introduced\n---\n",
        },
    )
    args = EVENTS[event]
    who = args[2]
    assert f"Keep in touch with {who.replace('-', ' ').title()}" in page(site_of(root), "")
    run(root, *args)
    profile = (root / f"docs/customers/{who}.md").read_text(encoding="utf-8")
    assert f"last_contact: {TODAY.isoformat()}\n" in profile
    assert f"Keep in touch with {who.replace('-', ' ').title()}" not in page(site_of(root), "")


# -- the introductions ledger --------------------------------------------------------------------------------


def test_the_ledger_on_the_customer_and_contact_pages_and_the_team_site_agree(example: Path, tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    CliRunner().invoke(
        main,
        ["--config", str(example / "mkdocs.yml"), "build", "--all", "--team", "--site-dir", str(site_dir)],
        env={"PLAYBOOK_TODAY": TODAY.isoformat()},
        catch_exceptions=False,
    )
    daniel = page(site_dir / "maya-okafor", "customers/daniel-hughes")
    ledger = daniel.split("Introductions Daniel Hughes made", 1)[1].split("People Daniel Hughes knows", 1)[0]
    assert "Oliver Grant 2026-11-12 Introduced" in ledger and "Samuel Okoro 2026-09-10 Explore" in ledger
    samuel = page(site_dir / "maya-okafor", "contacts/samuel-okoro")
    assert "Introduced by Daniel Hughes on 2026-09-10 · First conversation: 2026-09-22" in samuel
    team = page(site_dir / "team", "introductions")
    section = team.split("Daniel Hughes Introduced on", 1)[1]
    assert "2026-09-10 Samuel Okoro Maya Okafor Explore" in section and "2026-11-12 Oliver Grant Maya Okafor Introduced" in section


# -- giving back ---------------------------------------------------------------------------------------------------


def test_record_gave_appends_and_the_customer_page_shows_it_beside_the_asks(tmp_path: Path) -> None:
    asks = "".join(f"  - {{role: accountant, date: {days_ago(70 * n)}, result: declined, answered: {days_ago(70 * n)}}}\n" for n in (1, 2, 3))
    root = repo(tmp_path, {"docs/customers/ann-lee.md": f"---\nname: Ann Lee\nlast_contact: {days_ago(70)}\nasks:\n{asks}---\nNotes.\n"})
    ann = page(site_of(root), "customers/ann-lee")
    assert "Nothing you did for Ann Lee is recorded yet, beside the 3 asks you made of them." in ann
    assert "Give before you ask again You have asked Ann Lee 3 times." in ann
    out = run(root, "record", "gave", "ann-lee", "Introduced her to a freight broker").stdout
    assert out == f"docs/customers/ann-lee.md: gave + {TODAY.isoformat()}, Introduced her to a freight broker; last_contact {TODAY.isoformat()}\n"
    run(root, "record", "gave", "ann-lee", "Sent the trade show list", "--date", days_ago(-1), today=TODAY + timedelta(days=1))
    text = (root / "docs/customers/ann-lee.md").read_text(encoding="utf-8")
    assert (
        f"gave:\n  - date: {TODAY.isoformat()}\n    what: Introduced her to a freight broker\n  - date: {days_ago(-1)}\n    what: Sent the trade show list\n"
        in text
    )
    assert text.endswith("---\nNotes.\n")
    ann = page(site_of(root, TODAY + timedelta(days=1)), "customers/ann-lee")
    assert f"What you did for Ann Lee, beside the 3 asks you made of them: {TODAY.isoformat()}: Introduced her to a freight broker" in ann
    assert "Give before you ask again" not in ann


# -- the connector who checks first -----------------------------------------------------------------------------------


@pytest.mark.parametrize("final", ["introduced", "declined"])
def test_checking_keeps_the_ask_open_until_the_final_answer(tmp_path: Path, final: str) -> None:
    root = repo(
        tmp_path,
        {
            "docs/customers/ann-lee.md": f"---\nname: Ann Lee\nlast_contact: {days_ago(20)}\nknows: [{{contact: dana-ruiz}}, {{contact: eve-stone}}]\n"
            f"asks:\n  - {{contact: dana-ruiz, date: {days_ago(20)}}}\n---\n",
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nwhy: She is selling.\nstage: asked\npriority: 1\n---\n",
            "docs/contacts/eve-stone.md": "---\nname: Eve Stone\nwhy: She is hiring.\n---\n",
        },
    )
    assert "Follow up with Ann Lee on your ask about Dana Ruiz: no answer for 20 days" in page(site_of(root), "")
    run(root, "record", "answer", "ann-lee", "--contact", "dana-ruiz", "checking")
    site = site_of(root)
    assert "Follow up with Ann Lee" not in page(site, "")  # its follow-up starts again from the checking answer
    ann = page(site, "customers/ann-lee")
    assert "Ann Lee is checking with them first, so Dana Ruiz can say yes before any introduction" in ann
    assert "this is the note to send Ann Lee for Dana Ruiz: Dana, I'd like to introduce you to Maya Okafor." in ann
    assert "checking with them first" in page(site, "contacts/dana-ruiz")
    later = TODAY + timedelta(days=14)
    assert "Follow up with Ann Lee on your ask about Dana Ruiz: checking with them first for 14 days" in page(site_of(root, later), "")
    assert "eve-stone" not in json.dumps(run(root, "export", "csv", "--salesperson", "maya-okafor", today=later).stdout)  # one person at a time
    run(root, "record", "answer", "ann-lee", "--contact", "dana-ruiz", final, today=later)
    text = (root / "docs/customers/ann-lee.md").read_text(encoding="utf-8")
    assert f"result: {final}, answered: {later.isoformat()}}}" in text  # the file's own flow style is kept
    stage = (root / "docs/contacts/dana-ruiz.md").read_text(encoding="utf-8")
    assert ("stage: introduced\n" if final == "introduced" else "stage: not-asked\n") in stage


def test_schema_and_new_carry_the_relationship_keys(tmp_path: Path) -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)["$defs"]
    assert {"keep_in_touch_days", "gave"} <= set(schema["Customer"]["properties"])
    assert {"thanked_meeting", "thanked_outcome"} <= set(schema["PastAsk"]["properties"])
    assert "checking" in schema["PastAsk"]["properties"]["result"]["enum"]
    assert "closed" in schema["Contact"]["properties"]
    root = repo(tmp_path, {})
    run(root, "new", "customer", "Ann Lee")
    template = (root / "docs/customers/ann-lee.md").read_text(encoding="utf-8")
    assert "# keep_in_touch_days:" in template and "# gave: []" in template
