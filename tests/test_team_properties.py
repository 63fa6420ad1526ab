"""Property-based tests of the team plan (SPEC §10) over random teams of 2–5 salespeople.

The checks re-derive the team's rules from the raw front matter, not from the
planner's helpers:

* no connector is asked twice (recorded or planned, by anyone) inside the
  longest cool-down of the salespeople who share them;
* a connector with an open ask (pending or checking, by anyone) is planned by nobody;
* a contact owned by several is in at most one plan, and never while an ask for
  them is open or answered anywhere;
* every salesperson's own build (``book_for`` + ``plan_asks``) equals their
  slice of the plan made for the whole repository at once, and is the same
  every time;
* each plan still keeps every per-salesperson rule of ``test_plan_properties``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.asks import PlannedAsk
from playbook_gen.book import Book
from playbook_gen.books import book_for
from playbook_gen.plan import plan_asks
from playbook_gen.playbook import Playbook
from playbook_gen.team import Team, teams

from test_plan_properties import ROLES, rule_violations, to_playbook

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RESULTS = ("pending", "checking", "introduced", "declined", "no-answer")


def owners_of(value: str | list[str]) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


@st.composite
def raw_teams(draw: st.DrawFn) -> dict[str, Any]:
    """2–5 salespeople, few connectors (mostly shared), contacts often shared: a crowded team that must share."""
    today = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    people = [f"s{n}" for n in range(draw(st.integers(2, 5)))]
    owner = st.lists(st.sampled_from(people), min_size=1, max_size=len(people), unique=True).map(lambda o: o[0] if len(o) == 1 else sorted(o))
    near = st.integers(-120, 20).map(lambda days: (today + timedelta(days=days)).isoformat())
    settings_ = {
        sid: {
            "target_roles": draw(st.lists(st.sampled_from(ROLES), max_size=2)),
            "asks_per_week": draw(st.integers(1, 3)),
            "cooldown_weeks": draw(st.integers(1, 8)),
            "weeks_ahead": draw(st.integers(1, 10)),
        }
        for sid in people
    }
    targets = {
        f"t{n}": {"priority": draw(st.integers(1, 3)), "stage": draw(st.sampled_from(["not-asked"] * 6 + ["asked", "introduced"])), "owner": draw(owner)}
        for n in range(draw(st.integers(1, 8)))
    }
    connectors: dict[str, dict[str, Any]] = {}
    for n in range(draw(st.integers(1, 5))):
        cid = f"c{n}"
        fields: dict[str, Any] = {
            "relationship": draw(st.integers(1, 5)),
            "their": draw(st.lists(st.sampled_from(ROLES), max_size=2)),
            "reference": draw(st.booleans()),
            "role": draw(st.sampled_from((None, *ROLES))),
            "recent_project": {"title": "Project", "finished": (today - timedelta(days=draw(st.integers(0, 200)))).isoformat()},
            "owner": draw(owner),
        }
        mine = [t for t, f in targets.items() if owners_of(f["owner"]) & owners_of(fields["owner"])]
        ask_person = st.sampled_from([("contact", t) for t in mine] + [("role", r) for r in ROLES])
        fields["asks"] = [{p[0]: p[1], "date": d, "result": r} for p, d, r in draw(st.lists(st.tuples(ask_person, near, st.sampled_from(RESULTS)), max_size=2))]
        connectors[cid] = fields
    edges = []
    for tid, fields in targets.items():
        knowers = [c for c, f in connectors.items() if owners_of(f["owner"]) & owners_of(fields["owner"])]
        if knowers:
            edges += [(c, tid, draw(st.integers(1, 5))) for c in draw(st.sets(st.sampled_from(knowers), min_size=1, max_size=3))]
    return {"today": today, "people": settings_, "targets": targets, "connectors": connectors, "edges": sorted(edges)}


def whole_repository_plan(pb: Playbook, today: date) -> dict[str, list[PlannedAsk]]:
    """The plan of every team of the repository, each made once from all its members' books."""
    plans: dict[str, list[PlannedAsk]] = {}
    for members in teams(pb):
        books = {sid: book_for(pb, sid, today=today, team=False) for sid in members}
        if len(members) == 1:
            plans.update({sid: plan_asks(book) for sid, book in books.items()})
            continue
        team = Team(books=books, names={sid: pb.salespeople[sid].data.name for sid in members})
        plans.update(team.plan().plans)
    return plans


def keys(plan: Sequence[PlannedAsk]) -> list[tuple[str, str, str | None]]:
    return [(a.key, a.form, a.reference.id if a.reference else None) for a in plan]


def team_violations(raw: dict[str, Any], plans: dict[str, list[PlannedAsk]]) -> list[str]:
    broken = []
    everyone = [(sid, ask) for sid, plan in plans.items() for ask in plan]
    for cid, fields in raw["connectors"].items():
        cooldown = max(raw["people"][o]["cooldown_weeks"] for o in owners_of(fields["owner"]))
        recorded = [date.fromisoformat(a["date"]) for a in fields["asks"]]
        planned = [(sid, ask.week) for sid, ask in everyone if ask.connector.id == cid]
        for (sid_a, a), (sid_b, b) in combinations(planned, 2):
            if abs(a - b) < timedelta(weeks=cooldown):
                broken.append(f"{cid} asked by {sid_a} in the week of {a} and by {sid_b} in the week of {b}, inside {cooldown} weeks")
        if planned and any(a["result"] in ("pending", "checking") for a in fields["asks"]):
            broken.append(f"{cid} planned by {sorted({sid for sid, _ in planned})} while an ask of theirs is open")
        for sid, week in planned:
            if any(abs(week - day) < timedelta(weeks=cooldown) for day in recorded):
                broken.append(f"{cid} asked by {sid} in the week of {week}, inside {cooldown} weeks of a recorded ask")
    pursued: dict[str, set[str]] = {}
    for sid, ask in everyone:
        if ask.contact is not None:
            pursued.setdefault(ask.contact.id, set()).add(sid)
    for tid, sids in pursued.items():
        if len(sids) > 1:
            broken.append(f"{tid} is in the plans of {sorted(sids)}")
        under_way = [
            c for c, f in raw["connectors"].items() for a in f["asks"] if a.get("contact") == tid and a["result"] in ("pending", "checking", "introduced")
        ]
        if under_way:
            broken.append(f"{tid} planned while asks are under way through {under_way}")
        # Open: not asked yet, or asked with every ask recorded anywhere (a colleague's too) ended.
        stage = raw["targets"][tid]["stage"]
        recorded = [a for f in raw["connectors"].values() for a in f["asks"] if a.get("contact") == tid]
        if not (stage == "not-asked" or (stage == "asked" and recorded)):
            broken.append(f"{tid} planned at stage {stage}")
    role_pairs = [(ask.connector.id, (ask.role or "").casefold()) for _, ask in everyone if ask.role is not None]
    if len(role_pairs) != len(set(role_pairs)):
        broken.append("one connector's role-person asked for twice across the team")
    return broken


@SETTINGS
@given(raw_teams())
def test_the_team_plan_keeps_the_team_rules_and_every_build_agrees_with_it(raw: dict[str, Any]) -> None:
    pb = to_playbook(raw)
    today = raw["today"]
    whole = whole_repository_plan(pb, today)
    broken = team_violations(raw, whole)
    slices = {}
    for sid in sorted(pb.salespeople):
        book: Book = book_for(pb, sid, today=today)
        plan = plan_asks(book)
        slices[sid] = keys(plan)
        # The per-salesperson rules (their own cool-down is never longer than the team's).
        solo = replace(book, team=None)
        # ("only open contacts" there reads one salesperson's files; the team check above reads every file's asks.)
        broken += [f"{sid}: {v}" for v in rule_violations(solo, plan, optimal=False) if not v.startswith("only open contacts")]
    again = {sid: keys(plan_asks(book_for(to_playbook(raw), sid, today=today))) for sid in sorted(pb.salespeople)}
    assert (broken, slices, again) == ([], {sid: keys(p) for sid, p in sorted(whole.items())}, slices)
