"""The weekly ask plan: which connector to ask for which ONE person, week by week.

Hard rules (SPEC §1): one person per ask; a connector at most once per
cool-down window, counting their ask history; a target with a pending ask or
past ``not-asked`` is never planned, and appears at most once; ``do_not_ask``
connectors never; role asks only for the salesperson's ``target_roles``, told
with a ``reference: true`` customer of that role whose project finished in
the last 180 days, of connectors whose ``their`` lists the role. Higher
priority targets first, then the stronger path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .book import Book
from .method import any_match, monday_of, project_is_recent, same_text
from .model import Contact, Customer
from .paths import IntroPath, rank_paths
from .playbook import Profile

Form = Literal["named", "role"]
ROLE_ASK_PRIORITY = 2
"""Role asks queue with priority-2 targets, after named asks of the same priority."""


@dataclass(frozen=True)
class PlannedAsk:
    """One planned ask: one connector, exactly one person."""

    week: date
    connector: Profile[Customer]
    form: Form
    contact: Profile[Contact] | None = None
    role: str | None = None
    path: IntroPath | None = None
    reference: Profile[Customer] | None = None

    @property
    def person(self) -> str:
        """The one person asked for, as the salesperson says it."""
        if self.contact is not None:
            return self.contact.data.name
        return f"your {self.role}"

    @property
    def key(self) -> str:
        """A stable identity for this ask (used in anchors and calendar UIDs)."""
        who = self.contact.id if self.contact is not None else f"role-{self.role}"
        return f"{self.week.isoformat()}-{self.connector.id}-{who}"


@dataclass(frozen=True)
class _Candidate:
    priority: int
    form_order: int
    score: int
    name: str
    contact: Profile[Contact] | None
    role: str | None


def plan_asks(book: Book) -> list[PlannedAsk]:
    """The asks of the next ``weeks_ahead`` weeks, from the Monday of the week holding today."""
    me = book.me
    first_monday = monday_of(book.today)
    asked_on: dict[str, list[date]] = {cid: [a.date for a in c.data.asks] for cid, c in book.connectors.items()}
    paths = {tid: rank_paths(book, tid) for tid in book.targets}
    queue = _named_candidates(book, paths) + _role_candidates(book)
    queue.sort(key=lambda c: (c.priority, c.form_order, -c.score, c.name))
    planned: list[PlannedAsk] = []
    role_connectors: set[tuple[str, str]] = set()

    def rested(connector_id: str, week: date) -> bool:
        return all(abs((week - when).days) >= me.cooldown_weeks * 7 for when in asked_on[connector_id])

    for offset in range(me.weeks_ahead):
        week = first_monday + timedelta(weeks=offset)
        this_week: list[PlannedAsk] = []
        for candidate in list(queue):
            if len(this_week) == me.asks_per_week:
                break
            ask = (
                _named_ask(candidate, paths, week, rested)
                if candidate.contact is not None
                else _role_ask(book, candidate, week, rested, role_connectors)
            )
            if ask is None:
                continue
            this_week.append(ask)
            asked_on[ask.connector.id].append(week)
            if candidate.contact is not None:
                queue.remove(candidate)
            else:
                role_connectors.add((ask.connector.id, candidate.role or ""))
        planned.extend(this_week)
    return planned


def _named_candidates(book: Book, paths: dict[str, list[IntroPath]]) -> list[_Candidate]:
    pending = {a.contact for c in book.connectors.values() for a in c.data.asks if a.result == "pending"}
    candidates = []
    for target in book.targets.values():
        usable = [p for p in paths[target.id] if p.usable]
        if target.data.stage != "not-asked" or target.id in pending or not usable:
            continue
        candidates.append(_Candidate(target.data.priority, 0, usable[0].score, target.id, target, None))
    return candidates


def _role_candidates(book: Book) -> list[_Candidate]:
    return [_Candidate(ROLE_ASK_PRIORITY, 1, 0, role, None, role) for role in dict.fromkeys(book.me.target_roles)]


def _named_ask(candidate: _Candidate, paths: dict[str, list[IntroPath]], week: date, rested) -> PlannedAsk | None:
    assert candidate.contact is not None
    for path in paths[candidate.contact.id]:
        if path.usable and rested(path.connector.id, week):
            return PlannedAsk(week=week, connector=path.connector, form="named", contact=candidate.contact, path=path)
    return None


def reference_for(book: Book, role: str, *, week: date) -> Profile[Customer] | None:
    """The reference customer whose recent project may be told for a role ask."""
    for customer in sorted(book.connectors.values(), key=lambda c: (-_finished_ordinal(c.data), c.id)):
        data = customer.data
        if not (data.reference and same_text(data.role, role) and data.recent_project is not None):
            continue
        finished = data.recent_project.finished
        if finished <= book.today and project_is_recent(finished, on=week):
            return customer
    return None


def _finished_ordinal(customer: Customer) -> int:
    return customer.recent_project.finished.toordinal() if customer.recent_project else 0


def _role_ask(book: Book, candidate: _Candidate, week: date, rested, role_connectors: set[tuple[str, str]]) -> PlannedAsk | None:
    role = candidate.role or ""
    reference = reference_for(book, role, week=week)
    if reference is None:
        return None
    for connector in sorted(book.connectors.values(), key=lambda c: (-c.data.relationship, c.id)):
        data = connector.data
        if connector.id == reference.id or data.do_not_ask or not any_match(data.their, [role]):
            continue
        if (connector.id, role) in role_connectors or any(same_text(a.role, role) for a in data.asks):
            continue
        if rested(connector.id, week):
            return PlannedAsk(week=week, connector=connector, form="role", role=role, reference=reference)
    return None
