"""The attention list: follow-ups, thank-yous, keep-in-touch, stale connectors, contacts with no path."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from playbook_gen.attention import attention

from factories import TODAY, book, build_playbook, connector, edge, read, target


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def kinds(items: list) -> list[tuple[str, str | None, str | None, int]]:
    return [(i.kind, i.connector_id, i.contact_id, i.days) for i in items]


@pytest.mark.parametrize(("age", "listed"), [(13, False), (14, True), (40, True), (-2, False)])
def test_an_ask_pending_14_days_or_more_needs_a_follow_up(age: int, listed: bool) -> None:
    the_book = book(
        connectors=[connector("greta-hansen", asks=[{"contact": "dana-ruiz", "date": days_ago(age)}])],
        targets=[target("dana-ruiz", name="Dana Ruiz", stage="asked")],
    )
    items = [i for i in attention(the_book) if i.kind == "follow-up"]
    assert kinds(items) == ([("follow-up", "greta-hansen", "dana-ruiz", age)] if listed else [])
    if listed:
        assert items[0].person == "Dana Ruiz" and items[0].ask is not None and items[0].ask.result == "pending"


def test_a_pending_role_ask_is_followed_up_for_the_role_person() -> None:
    the_book = book(connectors=[connector("greta-hansen", asks=[{"role": "accountant", "date": days_ago(20)}])])
    [item] = attention(the_book)
    assert (item.kind, item.contact_id, item.person) == ("follow-up", None, "Greta Hansen's accountant")


@pytest.mark.parametrize(("age", "listed"), [(0, True), (90, True), (91, False), (-1, False)])
def test_an_introduction_is_owed_a_thank_you_for_90_days(age: int, listed: bool) -> None:
    the_book = book(
        connectors=[connector("daniel-hughes", asks=[{"contact": "oliver-grant", "date": days_ago(age), "result": "introduced"}])],
        targets=[target("oliver-grant", stage="introduced")],
    )
    assert kinds(attention(the_book)) == ([("thank-you", "daniel-hughes", "oliver-grant", age)] if listed else [])


@pytest.mark.parametrize("result", ["declined", "no-answer"])
def test_closed_asks_need_neither_follow_up_nor_thanks(result: str) -> None:
    the_book = book(connectors=[connector("greta-hansen", asks=[{"role": "accountant", "date": days_ago(20), "result": result}])])
    assert attention(the_book) == []


def test_a_contact_nobody_knows_has_no_path() -> None:
    the_book = book(connectors=[connector("greta-hansen")], targets=[target("nadia-haddad", name="Nadia Haddad")])
    [item] = attention(the_book)
    assert (item.kind, item.contact_id, item.person, item.note) == ("no-path", "nadia-haddad", "Nadia Haddad", None)


def test_a_contact_whose_every_path_is_blocked_has_no_path_and_says_why() -> None:
    the_book = book(
        connectors=[
            connector("luis-ferreira", name="Luis Ferreira", do_not_ask=True),
            connector("greta-hansen", name="Greta Hansen", asks=[{"contact": "dana-ruiz", "date": "2025-02-03", "result": "declined"}]),
        ],
        targets=[target("dana-ruiz")],
        edges=[edge("luis-ferreira", "dana-ruiz", 5), edge("greta-hansen", "dana-ruiz", 2)],
    )
    [item] = attention(the_book)
    assert item.kind == "no-path"
    assert item.note == "Luis Ferreira: marked do not ask; Greta Hansen: declined on 2025-02-03"


def test_resting_connectors_are_still_a_path() -> None:
    the_book = book(
        connectors=[connector("greta-hansen", asks=[{"contact": "ben", "date": days_ago(3), "result": "no-answer"}])],
        targets=[target("dana-ruiz"), target("ben", stage="won")],
        edges=[edge("greta-hansen", "dana-ruiz")],
    )
    assert attention(the_book) == []


@pytest.mark.parametrize("stage", ["introduced", "first-conversation", "won", "parked"])
def test_only_contacts_open_for_asking_can_lack_a_path(stage: str) -> None:
    assert attention(book(targets=[target("dana-ruiz", stage=stage)])) == []


def test_a_contact_with_a_pending_ask_is_followed_up_not_reported_pathless() -> None:
    the_book = book(
        connectors=[connector("greta-hansen", do_not_ask=True, asks=[{"contact": "dana-ruiz", "date": days_ago(2)}])],
        targets=[target("dana-ruiz")],
        edges=[edge("greta-hansen", "dana-ruiz")],
    )
    assert attention(the_book) == []


@pytest.mark.parametrize(("age", "listed"), [(180, False), (181, True), (400, True)])
def test_a_connector_not_spoken_to_for_over_180_days_is_stale(age: int, listed: bool) -> None:
    the_book = book(connectors=[connector("hannah-cho", name="Hannah Cho", last_contact=days_ago(age))])
    stale = [k for k in kinds(attention(the_book)) if k[0] == "stale"]
    assert stale == ([("stale", "hannah-cho", None, age)] if listed else [])


def test_no_last_contact_is_not_stale() -> None:
    assert attention(book(connectors=[connector("hannah-cho")])) == []


def test_order_is_follow_ups_thanks_stale_no_path_oldest_first() -> None:
    the_book = book(
        connectors=[
            connector(
                "a-conn",
                last_contact=days_ago(200),
                asks=[{"contact": "t1", "date": days_ago(15)}, {"contact": "t2", "date": days_ago(5), "result": "introduced"}],
            ),
            connector(
                "b-conn",
                last_contact=days_ago(300),
                asks=[{"contact": "t3", "date": days_ago(30)}, {"contact": "t4", "date": days_ago(9), "result": "introduced"}],
            ),
        ],
        targets=[
            target("t1", stage="asked"),
            target("t2", stage="introduced"),
            target("t3", stage="asked"),
            target("t4", stage="introduced"),
            target("t5", priority=3),
            target("t6", priority=1),
        ],
    )
    assert kinds(attention(the_book)) == [
        ("follow-up", "b-conn", "t3", 30),
        ("follow-up", "a-conn", "t1", 15),
        ("thank-you", "b-conn", "t4", 9),
        ("thank-you", "a-conn", "t2", 5),
        ("stale", "b-conn", None, 300),
        ("stale", "a-conn", None, 200),
        ("no-path", None, "t6", 0),
        ("no-path", None, "t5", 0),
    ]


SITE_FILES = {
    "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
    "docs/customers/greta-hansen.md": """\
        ---
        name: Greta Hansen
        last_contact: 2026-11-02
        asks:
          - {contact: dana-ruiz, date: 2026-11-02, result: pending}
        ---
        """,
    "docs/customers/hannah-cho.md": "---\nname: Hannah Cho\nlast_contact: 2026-04-15\n---\n",
    "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nstage: asked\n---\n",
    "docs/contacts/nadia-haddad.md": "---\nname: Nadia Haddad\npriority: 1\n---\n",
    "docs/contacts/ben-adler.md": "---\nname: Ben Adler\n---\n",
    "docs/contacts/cleo-west.md": "---\nname: Cleo West\npriority: 3\n---\n",
}


@pytest.fixture(scope="module")
def attention_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_playbook(tmp_path_factory.mktemp("attention"), SITE_FILES)


def test_home_lists_what_needs_attention(attention_site: Path) -> None:
    home = html_lib.unescape(read(attention_site, "index.html"))
    text = re.sub(r"<[^>]+>", "", home)
    assert "Follow up with Greta Hansen on your ask about Dana Ruiz: no answer for 21 days." in text
    assert "No path yet to Nadia Haddad" in text  # priority 1: by name
    assert "No path yet to 2 contacts of priority 2 or 3: the contacts index lists them all." in text  # the rest: one line
    assert "Ben Adler" not in text and "Cleo West" not in text
    assert "Reconnect with Hannah Cho: no contact for 222 days." in text
    assert text.index("Follow up") < text.index("Reconnect") < text.index("No path yet")


def test_the_follow_up_links_to_its_script_on_the_connector_page(attention_site: Path) -> None:
    home = read(attention_site, "index.html")
    [href] = re.findall(r'href="([^"]*customers/greta-hansen/#follow-up-[^"]*)"', home)
    anchor = href.split("#")[1]
    connector_page = read(attention_site, "customers/greta-hansen/index.html")
    assert f'id="{anchor}"' in connector_page
    assert "Just following up on my note" in html_lib.unescape(connector_page)


def test_the_thank_you_starts_at_answered_and_ends_at_thanked() -> None:
    asked = {"contact": "oliver-grant", "date": days_ago(120), "result": "introduced", "answered": days_ago(10)}
    owed = book(connectors=[connector("daniel-hughes", asks=[asked])], targets=[target("oliver-grant", stage="introduced")])
    assert kinds(attention(owed)) == [("thank-you", "daniel-hughes", "oliver-grant", 10)]
    thanked = book(connectors=[connector("daniel-hughes", asks=[{**asked, "thanked": days_ago(9)}])], targets=[target("oliver-grant", stage="introduced")])
    assert attention(thanked) == []


def test_the_first_conversation_raises_the_second_thank_you_until_thanked_again() -> None:
    asked = {"contact": "oliver-grant", "date": days_ago(40), "result": "introduced", "answered": days_ago(30), "thanked": days_ago(29)}
    met = target("oliver-grant", stage="first-conversation", met=days_ago(3))
    the_book = book(connectors=[connector("daniel-hughes", asks=[asked])], targets=[met])
    assert kinds(attention(the_book)) == [("thank-after-meeting", "daniel-hughes", "oliver-grant", 3)]
    again = book(connectors=[connector("daniel-hughes", asks=[{**asked, "thanked_meeting": days_ago(1)}])], targets=[met])
    assert attention(again) == []
