"""The weekly ask plan: one example per hard rule, the order, and the pages built from it."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from playbook_gen.asks import PlannedAsk
from playbook_gen.book import Book
from playbook_gen.books import book_for
from playbook_gen.plan import open_for_asking, plan_asks, week_gap
from playbook_gen.playbook import Playbook

from factories import TODAY, WEDNESDAY, book, build_playbook, connector, edge, read, salesperson, target

WEEK = timedelta(weeks=1)


def rows(plan: list[PlannedAsk]) -> list[tuple[str, str, str]]:
    """(week, connector, contact id or role) of every ask."""
    return [(a.week.isoformat(), a.connector.id, a.contact.id if a.contact else f"role:{a.role}") for a in plan]


def monday(weeks: int) -> str:
    return (TODAY + weeks * WEEK).isoformat()


def one_connector_three_targets(**me: object) -> Book:
    return book(
        me=salesperson(**me),
        connectors=[connector("priya-raman")],
        targets=[target("ana"), target("ben"), target("cleo")],
        edges=[edge("priya-raman", "ana", 5), edge("priya-raman", "ben", 4), edge("priya-raman", "cleo", 3)],
    )


# -- the calendar of weeks ---------------------------------------------------


def test_weeks_start_on_the_monday_of_the_week_holding_today() -> None:
    the_book = book(
        me=salesperson(weeks_ahead=3, asks_per_week=1, cooldown_weeks=1),
        connectors=[connector(f"c{n}") for n in range(5)],
        targets=[target(f"t{n}") for n in range(5)],
        edges=[edge(f"c{n}", f"t{n}") for n in range(5)],
        today=WEDNESDAY,
    )
    plan = plan_asks(the_book)
    assert [a.week for a in plan] == [TODAY, TODAY + WEEK, TODAY + 2 * WEEK]
    assert all(a.week.weekday() == 0 for a in plan)


def test_at_most_asks_per_week_asks_in_any_week() -> None:
    the_book = book(
        me=salesperson(weeks_ahead=2, asks_per_week=3),
        connectors=[connector(f"c{n}") for n in range(8)],
        targets=[target(f"t{n}") for n in range(8)],
        edges=[edge(f"c{n}", f"t{n}") for n in range(8)],
    )
    weeks = [a.week for a in plan_asks(the_book)]
    assert weeks.count(TODAY) == 3 and weeks.count(TODAY + WEEK) == 3


# -- cool-down ---------------------------------------------------------------


def test_a_connector_is_asked_once_per_cool_down_window_across_the_plan() -> None:
    plan = plan_asks(one_connector_three_targets(cooldown_weeks=2, weeks_ahead=6))
    assert rows(plan) == [(monday(0), "priya-raman", "ana"), (monday(2), "priya-raman", "ben"), (monday(4), "priya-raman", "cleo")]


def test_cool_down_counts_the_recorded_asks_whatever_their_result() -> None:
    for result in ("introduced", "declined", "no-answer"):
        the_book = book(
            me=salesperson(cooldown_weeks=6, weeks_ahead=8),
            connectors=[connector("priya-raman", asks=[{"contact": "zed", "date": (TODAY - 3 * WEEK).isoformat(), "result": result}])],
            targets=[target("ana"), target("zed", stage="won")],
            edges=[edge("priya-raman", "ana")],
        )
        assert rows(plan_asks(the_book)) == [(monday(3), "priya-raman", "ana")], result


@pytest.mark.parametrize("result", ["pending", "checking"])
def test_a_connector_with_an_open_ask_is_not_planned_until_it_is_answered(result: str) -> None:
    # Asked 10 weeks ago and never answered: long past the cool-down, still one person at a time.
    asked = {"contact": "zed", "date": (TODAY - 10 * WEEK).isoformat(), "result": result}
    the_book = book(
        me=salesperson(cooldown_weeks=6, weeks_ahead=8),
        connectors=[connector("priya-raman", asks=[asked])],
        targets=[target("ana"), target("zed", stage="asked")],
        edges=[edge("priya-raman", "ana")],
    )
    assert plan_asks(the_book) == []
    gap = week_gap(the_book, [], TODAY)
    assert [(w.connector.id, w.ask.contact) for w in gap.waiting] == [("priya-raman", "zed")]
    answered = {**asked, "result": "no-answer", "answered": (TODAY - WEEK).isoformat()}
    the_book = book(
        me=salesperson(cooldown_weeks=6, weeks_ahead=8),
        connectors=[connector("priya-raman", asks=[answered])],
        targets=[target("ana"), target("zed", stage="asked")],
        edges=[edge("priya-raman", "ana")],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "priya-raman", "ana")]


def test_cool_down_is_measured_from_the_monday_in_days() -> None:
    # Asked on a Tuesday 41 days before this Monday: 6 weeks are 42 days, so not this week.
    the_book = book(
        me=salesperson(cooldown_weeks=6),
        connectors=[connector("priya-raman", asks=[{"role": "accountant", "date": "2026-10-13", "result": "no-answer"}])],
        targets=[target("ana")],
        edges=[edge("priya-raman", "ana")],
    )
    assert rows(plan_asks(the_book)) == [(monday(1), "priya-raman", "ana")]


def test_an_ask_dated_ahead_keeps_the_weeks_around_it_free_of_asks() -> None:
    the_book = book(
        me=salesperson(cooldown_weeks=2, weeks_ahead=8),
        connectors=[connector("priya-raman", asks=[{"contact": "zed", "date": (TODAY + 3 * WEEK).isoformat(), "result": "no-answer"}])],
        targets=[target("ana"), target("ben"), target("zed", stage="won")],
        edges=[edge("priya-raman", "ana", 5), edge("priya-raman", "ben", 4)],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "priya-raman", "ana"), (monday(5), "priya-raman", "ben")]


# -- which contacts may be planned -------------------------------------------


@pytest.mark.parametrize("stage", ["introduced", "first-conversation", "explore", "identify", "match", "propose", "sales-process", "won", "lost", "parked"])
def test_a_contact_past_asked_is_never_planned(stage: str) -> None:
    the_book = book(connectors=[connector("priya-raman")], targets=[target("ana", stage=stage)], edges=[edge("priya-raman", "ana")])
    assert plan_asks(the_book) == []
    assert not open_for_asking(the_book, "ana")


def test_a_contact_with_a_pending_ask_is_never_planned_through_anyone_else() -> None:
    the_book = book(
        me=salesperson(weeks_ahead=26, cooldown_weeks=1),
        connectors=[connector("greta-hansen", asks=[{"contact": "ana", "date": "2026-06-01"}]), connector("priya-raman", relationship=5)],
        targets=[target("ana")],
        edges=[edge("greta-hansen", "ana"), edge("priya-raman", "ana", 5)],
    )
    assert plan_asks(the_book) == []


def test_a_contact_already_introduced_is_not_planned_again() -> None:
    the_book = book(
        connectors=[connector("greta-hansen", asks=[{"contact": "ana", "date": "2026-01-05", "result": "introduced"}]), connector("priya-raman")],
        targets=[target("ana")],
        edges=[edge("priya-raman", "ana")],
    )
    assert plan_asks(the_book) == []


def test_asked_with_every_recorded_ask_closed_is_open_through_another_connector() -> None:
    the_book = book(
        connectors=[connector("greta-hansen", asks=[{"contact": "ana", "date": "2026-03-02", "result": "declined"}]), connector("priya-raman")],
        targets=[target("ana", stage="asked")],
        edges=[edge("greta-hansen", "ana", 5), edge("priya-raman", "ana", 2)],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "priya-raman", "ana")]


def test_asked_with_no_ask_recorded_waits_for_the_ask_to_be_written_down() -> None:
    the_book = book(connectors=[connector("priya-raman")], targets=[target("ana", stage="asked")], edges=[edge("priya-raman", "ana")])
    assert plan_asks(the_book) == []


def test_a_contact_appears_at_most_once_even_with_many_free_connectors() -> None:
    the_book = book(
        me=salesperson(asks_per_week=3, weeks_ahead=4),
        connectors=[connector(f"c{n}") for n in range(4)],
        targets=[target("ana")],
        edges=[edge(f"c{n}", "ana") for n in range(4)],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "c0", "ana")]


# -- which connectors may be asked -------------------------------------------


def test_do_not_ask_connectors_never_appear() -> None:
    the_book = book(
        me=salesperson(asks_per_week=3, target_roles=["accountant"]),
        connectors=[
            connector("best-friend", relationship=5, do_not_ask=True, their=["accountant"]),
            connector("reference", role="accountant", reference=True, recent_project={"title": "Model", "finished": "2026-10-01"}),
        ],
        targets=[target("ana", priority=1)],
        edges=[edge("best-friend", "ana", 5)],
    )
    assert plan_asks(the_book) == []


def test_a_connector_who_declined_is_never_asked_for_that_person_again() -> None:
    the_book = book(
        me=salesperson(weeks_ahead=26),
        connectors=[
            connector("greta-hansen", relationship=5, asks=[{"contact": "ana", "date": "2021-03-01", "result": "declined"}]),
            connector("priya-raman", relationship=1),
        ],
        targets=[target("ana"), target("ben")],
        edges=[edge("greta-hansen", "ana", 5), edge("priya-raman", "ana", 1), edge("greta-hansen", "ben", 1)],
    )
    # Ben's best path (Greta, 70 points) outranks Ana's only usable one (Priya, 30 points).
    assert rows(plan_asks(the_book)) == [(monday(0), "greta-hansen", "ben"), (monday(0), "priya-raman", "ana")]


def test_other_salespeoples_profiles_never_appear() -> None:
    maya, tom = salesperson("maya-okafor", target_roles=["accountant"]), salesperson("tom-becker", target_roles=["accountant"])
    customers = {
        "mine": connector("mine", owner="maya-okafor", their=["accountant"]),
        "shared": connector("shared", owner=["maya-okafor", "tom-becker"], relationship=1),
        "toms": connector("toms", owner="tom-becker", relationship=5, their=["accountant"]),
        "toms-reference": connector(
            "toms-reference", owner="tom-becker", role="accountant", reference=True, recent_project={"title": "X", "finished": "2026-11-01"}
        ),
    }
    contacts = {"ana": target("ana", owner="maya-okafor"), "tina": target("tina", owner="tom-becker", priority=1)}
    playbook = Playbook(
        docs_dir=Path("/playbook/docs"),
        salespeople={"maya-okafor": maya, "tom-becker": tom},
        customers=customers,
        contacts=contacts,
        edges=[edge("shared", "ana"), edge("toms", "tina"), edge("shared", "tina")],
    )
    mayas = plan_asks(book_for(playbook, "maya-okafor", today=TODAY))
    # The shared customer is asked once per cool-down by the team: Tom's priority-1 Tina goes first.
    assert rows(mayas) == [(monday(6), "shared", "ana")], "no role ask: the only reference customer is Tom's"
    toms = plan_asks(book_for(playbook, "tom-becker", today=TODAY))
    # Tina goes through the shared customer so that Tom's own can be asked for their accountant the same week.
    assert rows(toms) == [(monday(0), "shared", "tina"), (monday(0), "toms", "role:accountant")]
    assert [a.reference.id for a in toms if a.reference] == ["toms-reference"]


# -- role asks ---------------------------------------------------------------

REFERENCE = {"role": "Accountant", "reference": True, "recent_project": {"title": "Cash-flow model", "finished": "2026-10-01"}}


def role_book(*, roles: list[str] | None = None, reference: dict[str, object] | None = None, asker: dict[str, object] | None = None, **me: object) -> Book:
    return book(
        me=salesperson(target_roles=["accountant"] if roles is None else roles, **me),
        connectors=[
            connector("priya-raman", **(REFERENCE if reference is None else reference)),
            connector("aisha-bello", **({"their": ["ACCOUNTANT"]} if asker is None else asker)),
        ],
    )


def test_a_role_ask_names_the_reference_and_asks_one_role_person() -> None:
    [ask] = plan_asks(role_book())
    assert (ask.form, ask.connector.id, ask.role, ask.contact) == ("role", "aisha-bello", "accountant", None)
    assert ask.reference is not None and ask.reference.id == "priya-raman"
    assert ask.person == "your accountant"


def test_role_asks_only_for_the_salespersons_target_roles() -> None:
    assert plan_asks(role_book(roles=[])) == []
    assert plan_asks(role_book(roles=["lawyer"], asker={"their": ["lawyer", "accountant"]})) == []


def test_role_asks_need_a_reference_customer_holding_that_role() -> None:
    assert plan_asks(role_book(reference={**REFERENCE, "reference": False})) == []
    assert plan_asks(role_book(reference={**REFERENCE, "role": "lawyer"})) == []
    assert plan_asks(role_book(reference={**REFERENCE, "recent_project": None})) == []


@pytest.mark.parametrize(
    ("finished", "planned_weeks"),
    [("2026-05-27", [0]), ("2026-05-26", []), ("2026-11-24", []), ("2026-06-10", [0, 1, 2]), ("2026-11-23", [0, 1, 2, 3])],
)
def test_the_story_must_be_a_project_finished_in_the_180_days_before_the_ask(finished: str, planned_weeks: list[int]) -> None:
    # 2026-05-27 is 180 days before today; 2026-06-10 is 180 days before the third Monday;
    # a project finishing tomorrow is not a story yet. One role ask a week, each of another connector.
    askers = [connector(f"asker-{n}", their=["accountant"]) for n in range(4)]
    the_book = book(
        me=salesperson(target_roles=["accountant"], cooldown_weeks=1, weeks_ahead=4, asks_per_week=3),
        connectors=[connector("priya-raman", **{**REFERENCE, "recent_project": {"title": "Model", "finished": finished}}), *askers],
    )
    plan = plan_asks(the_book)
    assert [(a.week - TODAY).days // 7 for a in plan] == planned_weeks
    for ask in plan:
        assert ask.reference is not None and ask.reference.data.recent_project is not None
        assert 0 <= (max(ask.week, TODAY) - ask.reference.data.recent_project.finished).days <= 180


def test_role_asks_only_of_connectors_whose_their_lists_the_role() -> None:
    assert plan_asks(role_book(asker={"their": ["financial advisor"]})) == []
    assert plan_asks(role_book(asker={"their": []})) == []


def test_the_reference_customer_is_never_asked_for_their_own_role() -> None:
    plan = plan_asks(role_book(reference={**REFERENCE, "their": ["accountant"], "relationship": 5}, asker={"their": []}))
    assert plan == []


def test_a_reference_who_has_the_role_person_is_told_another_references_story() -> None:
    newest = {**REFERENCE, "their": ["accountant"], "relationship": 5}
    older = {**REFERENCE, "recent_project": {"title": "Audit prep", "finished": "2026-08-03"}}
    the_book = book(me=salesperson(target_roles=["accountant"]), connectors=[connector("priya-raman", **newest), connector("omar-said", **older)])
    [ask] = plan_asks(the_book)
    assert (ask.connector.id, ask.reference.id if ask.reference else None) == ("priya-raman", "omar-said")


@pytest.mark.parametrize("result", ["declined", "pending", "introduced"])
def test_a_connector_is_not_asked_for_their_role_person_again(result: str) -> None:
    asker = {"their": ["accountant"], "asks": [{"role": "Accountant", "date": "2024-02-05", "result": result}]}
    assert plan_asks(role_book(asker=asker, weeks_ahead=26)) == []


def test_a_role_ask_without_an_answer_may_be_made_again_after_the_cool_down() -> None:
    asker = {"their": ["accountant"], "asks": [{"role": "accountant", "date": "2026-01-05", "result": "no-answer"}]}
    assert rows(plan_asks(role_book(asker=asker))) == [(monday(0), "aisha-bello", "role:accountant")]


def test_each_connector_is_asked_for_a_role_once_and_a_role_at_most_once_a_week() -> None:
    the_book = book(
        me=salesperson(target_roles=["accountant", "Accountant "], asks_per_week=3, cooldown_weeks=1, weeks_ahead=4),
        connectors=[
            connector("priya-raman", **REFERENCE),
            connector("aisha-bello", their=["accountant"], relationship=4),
            connector("ben-cole", their=["accountant"]),
        ],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "aisha-bello", "role:accountant"), (monday(1), "ben-cole", "role:accountant")]


# -- order -------------------------------------------------------------------


def test_priority_one_goes_in_week_one_when_a_free_path_exists_even_if_weaker() -> None:
    the_book = book(
        me=salesperson(asks_per_week=1),
        connectors=[connector("c-strong", relationship=5), connector("c-weak", relationship=1)],
        targets=[target("vip", priority=1), target("other", priority=2)],
        edges=[edge("c-weak", "vip", 1), edge("c-strong", "other", 5)],
    )
    assert rows(plan_asks(the_book))[0] == (monday(0), "c-weak", "vip")


def test_two_priority_one_contacts_sharing_a_connector_are_both_asked_in_week_one() -> None:
    # A greedy pick would give Ana her best connector and leave Ben nobody this week.
    the_book = book(
        me=salesperson(asks_per_week=2),
        connectors=[connector("shared", relationship=5), connector("backup", relationship=1), connector("other")],
        targets=[target("ana", priority=1), target("ben", priority=1), target("low", priority=3)],
        edges=[edge("shared", "ana", 5), edge("backup", "ana", 1), edge("shared", "ben", 2), edge("other", "low", 5)],
    )
    assert sorted(rows(plan_asks(the_book))[:2]) == [(monday(0), "backup", "ana"), (monday(0), "shared", "ben")]


def test_a_priority_one_contact_keeps_the_stronger_path_when_both_fit() -> None:
    the_book = book(
        me=salesperson(asks_per_week=2),
        connectors=[connector("strong", relationship=5), connector("weak", relationship=1), connector("third")],
        targets=[target("ana", priority=1), target("ben", priority=2)],
        edges=[edge("strong", "ana", 5), edge("weak", "ana", 1), edge("third", "ben")],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "strong", "ana"), (monday(0), "third", "ben")]


def test_a_priority_one_contact_whose_connectors_rest_waits_and_others_go_first() -> None:
    resting = {"asks": [{"contact": "zed", "date": (TODAY - 4 * WEEK).isoformat(), "result": "no-answer"}]}
    the_book = book(
        me=salesperson(asks_per_week=1, cooldown_weeks=6),
        connectors=[connector("rester", **resting), connector("free")],
        targets=[target("vip", priority=1), target("other", priority=3), target("zed", stage="won")],
        edges=[edge("rester", "vip"), edge("free", "other")],
    )
    assert rows(plan_asks(the_book)) == [(monday(0), "free", "other"), (monday(2), "rester", "vip")]


def test_same_priority_goes_by_the_strength_of_the_best_path() -> None:
    plan = plan_asks(one_connector_three_targets(cooldown_weeks=1, asks_per_week=1, weeks_ahead=3))
    assert [a.contact.id for a in plan if a.contact] == ["ana", "ben", "cleo"]


def test_named_asks_come_before_role_asks_of_the_same_priority_and_after_higher_ones() -> None:
    the_book = book(
        me=salesperson(target_roles=["accountant"], asks_per_week=1, cooldown_weeks=1, weeks_ahead=4),
        connectors=[connector("priya-raman", **REFERENCE), connector("aisha-bello", their=["accountant"])],
        targets=[target("p3", priority=3), target("p2", priority=2), target("p1", priority=1)],
        edges=[edge("aisha-bello", "p3"), edge("aisha-bello", "p2"), edge("aisha-bello", "p1")],
    )
    assert [r[2] for r in rows(plan_asks(the_book))] == ["p1", "p2", "role:accountant", "p3"]


def test_the_plan_is_deterministic_whatever_the_order_profiles_were_read_in() -> None:
    connectors = [connector(f"c{n}", relationship=1 + n % 5, their=["accountant"]) for n in range(6)] + [connector("ref", **REFERENCE)]
    targets = [target(f"t{n}", priority=1 + n % 3) for n in range(9)]
    edges = [edge(f"c{n % 6}", f"t{n}", 1 + n % 5) for n in range(9)] + [edge(f"c{(n + 2) % 6}", f"t{n}", 3) for n in range(9)]
    me = salesperson(target_roles=["accountant"], asks_per_week=2, cooldown_weeks=3, weeks_ahead=8)
    expected = rows(plan_asks(book(me=me, connectors=connectors, targets=targets, edges=edges)))
    assert len(expected) > 8
    shuffler = random.Random(3)
    for _ in range(5):
        shuffler.shuffle(connectors)
        shuffler.shuffle(targets)
        shuffler.shuffle(edges)
        assert rows(plan_asks(book(me=me, connectors=connectors, targets=targets, edges=edges))) == expected


def test_key_is_ascii_and_names_week_connector_and_person() -> None:
    the_book = book(
        me=salesperson(target_roles=["Steuerberater/in"]),
        connectors=[
            connector("ref", role="steuerberater/in", reference=True, recent_project={"title": "X", "finished": "2026-10-01"}),
            connector("asker", their=["Steuerberater/in"]),
        ],
    )
    [ask] = plan_asks(the_book)
    assert ask.key == "2026-11-23-asker-role-steuerberater-in" and ask.key.isascii()


# -- the pages built from the plan ---------------------------------------------

SITE_FILES = {
    "docs/salespeople/maya-okafor.md": """\
        ---
        name: Maya Okafor
        offer: plan the handover
        target_roles: [accountant]
        asks_per_week: 1
        cooldown_weeks: 2
        weeks_ahead: 3
        ---
        """,
    "docs/customers/priya-raman.md": """\
        ---
        name: Priya Raman
        role: accountant
        reference: true
        recent_project: {title: Cash-flow model, finished: 2026-10-01}
        knows: [{contact: dana-ruiz, strength: 4}]
        ---
        """,
    "docs/customers/greta-hansen.md": "---\nname: Greta Hansen\ntheir: [accountant]\n---\n",
    "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\npriority: 1\n---\n",
}


@pytest.fixture(scope="module")
def plan_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_playbook(tmp_path_factory.mktemp("plan"), SITE_FILES, today=date(2026, 11, 25))


def test_ask_plan_page_lists_every_week_and_each_ask_with_one_person(plan_site: Path) -> None:
    page = read(plan_site, "asks/index.html")
    for week in ("2026-11-23", "2026-11-30", "2026-12-07"):
        assert week in page
    assert re.search(r"Priya Raman</a>\s*</td>\s*<td>\s*<a[^>]*>Dana Ruiz</a>", page)
    assert re.search(r"Greta Hansen</a>\s*</td>\s*<td>\s*Greta Hansen(?:'|&#39;)s accountant", page)
    assert "2026-12-14" not in page, "weeks_ahead is 3"


def test_home_this_week_comes_from_the_same_plan(plan_site: Path) -> None:
    home = read(plan_site, "index.html")
    this_week = home.split('id="this-week"')[1].split('id="pipeline"')[0]
    assert "Priya Raman" in this_week and "Dana Ruiz" in this_week
    assert "Greta Hansen" not in this_week, "Greta's ask is in the week of 2026-11-30"
