"""Introduction paths: who can introduce each target, ranked, with the reasons in plain words.

The score is a sum of whole numbers, so it is deterministic and easy to explain
(the playbook's page *How the playbook decides* shows the same table to the salesperson):

* how well the connector knows the target: strength × 20 (20–100)
* how well you know the connector: relationship × 10 (10–50)
* how recently you spoke: +15 within 30 days, +10 within 90, +5 within 180
* a project with the connector finished in the last 180 days, a natural reason to call: +10
* ask fatigue: −30 for every ask of theirs inside the cool-down window of this week

Ties go to the stronger connection, then to the connector id, alphabetically.
A path is *blocked* (listed, never chosen) when the connector is marked
``do_not_ask``, declined to introduce this person before, has an ask for
them open (pending or checking), or already introduced them.
"""

from __future__ import annotations

from datetime import date

from .asks import IntroPath
from .book import Book
from .method import cooled_down, days_ago, first_free_week, first_name, introduction_date, monday_of, open_ask, project_is_recent
from .model import OPEN_RESULTS, Customer
from .playbook import Edge

STRENGTH_WORDS = {1: "barely", 2: "a little", 3: "fairly well", 4: "well", 5: "very well"}
RELATIONSHIP_WORDS = STRENGTH_WORDS
STRENGTH_POINTS = 20
RELATIONSHIP_POINTS = 10
RECENCY_POINTS: tuple[tuple[int, int], ...] = ((30, 15), (90, 10), (180, 5))
"""(at most this many days since you last spoke, points), closest first."""
PROJECT_POINTS = 10
FATIGUE_PENALTY = 30
"""Taken off for each ask of the connector inside the cool-down window of this week."""


def rank_paths(book: Book, target_id: str) -> list[IntroPath]:
    """Every path to a target, best first; blocked paths last (ranked once per book; the list is shared, never change it)."""
    ranked = book.ranked_paths.get(target_id)
    if ranked is None:
        ranked = book.ranked_paths[target_id] = _rank_paths(book, target_id)
    return ranked


def _rank_paths(book: Book, target_id: str) -> list[IntroPath]:
    target_first = first_name(book.targets[target_id].data.name)
    paths = [_path(book, edge, target_first) for edge in book.edges_to(target_id) if edge.connector in book.connectors]
    return sorted(paths, key=lambda p: (not p.usable, -p.score, -p.strength, p.connector.id))


def _path(book: Book, edge: Edge, target_first: str) -> IntroPath:
    connector = book.connectors[edge.connector]
    data = connector.data
    parts = [
        _strength(edge.strength, target_first),
        _relationship(data.relationship),
        _recency(data.last_contact, today=book.today),
        _project(data, today=book.today),
        _fatigue(data, cooldown=book.cooldown_of(connector.id), book=book),
    ]
    scored = [part for part in parts if part is not None]
    resting = _resting_until(data, cooldown=book.cooldown_of(connector.id), book=book)
    return IntroPath(
        connector=connector,
        target_id=edge.target,
        strength=edge.strength,
        how=edge.how,
        score=sum(points for points, _ in scored),
        reasons=tuple(reason for _, reason in scored),
        blocked=blocked_reason(data, edge.target),
        resting_until=resting,
        waiting_on=waiting if (waiting := open_ask(data)) is not None and waiting.contact != edge.target else None,
    )


def _strength(strength: int, target_first: str) -> tuple[int, str]:
    return strength * STRENGTH_POINTS, f"knows {target_first} {STRENGTH_WORDS[strength]} ({strength}/5)"


def _relationship(relationship: int) -> tuple[int, str]:
    return relationship * RELATIONSHIP_POINTS, f"you know them {RELATIONSHIP_WORDS[relationship]} ({relationship}/5)"


def _recency(last_contact: date | None, *, today: date) -> tuple[int, str]:
    if last_contact is None:
        return 0, "no last contact recorded"
    days = (today - last_contact).days
    if days < 0:
        # A date ahead of today is a meeting already arranged: as good as a recent talk.
        return RECENCY_POINTS[0][1], f"you are due to speak {days_ago(days)}"
    for within, points in RECENCY_POINTS:
        if days <= within:
            return points, f"you spoke {days_ago(days)}"
    return 0, f"no contact for {days} days \u2014 reconnect first"


def _project(connector: Customer, *, today: date) -> tuple[int, str] | None:
    project = connector.recent_project
    if project is None or not project_is_recent(project.finished, on=today):
        return None
    return PROJECT_POINTS, f"finished a project {days_ago((today - project.finished).days)}"


def _fatigue(connector: Customer, *, cooldown: int, book: Book) -> tuple[int, str] | None:
    week = monday_of(book.today)
    recent = sorted(ask.date for ask in connector.asks if not cooled_down([ask.date], week=week, cooldown_weeks=cooldown))
    if not recent:
        return None
    free = first_free_week([ask.date for ask in connector.asks], from_week=week, cooldown_weeks=cooldown)
    last = days_ago((book.today - recent[-1]).days)
    asked = f"asked {last}" if len(recent) == 1 else f"asked {len(recent)} times inside the cool-down, last {last}"
    return -FATIGUE_PENALTY * len(recent), f"{asked} \u2014 free again in the week of {free.isoformat()}"


def _resting_until(connector: Customer, *, cooldown: int, book: Book) -> date | None:
    week = monday_of(book.today)
    free = first_free_week([ask.date for ask in connector.asks], from_week=week, cooldown_weeks=cooldown)
    return free if free != week else None


def blocked_reason(connector: Customer, contact_id: str) -> str | None:
    """Why this connector is never asked for this contact, or None.

    After ``declined`` this connector is never asked for that person again; an
    open ask is not doubled; an introduction already made is not asked for twice.
    Each says the day of its own event: a refusal or an introduction on its ``answered``.
    """
    if connector.do_not_ask:
        return "marked do not ask"
    asks = sorted((ask for ask in connector.asks if ask.contact == contact_id), key=lambda ask: ask.date, reverse=True)
    for result, words in _BLOCKING:
        for ask in asks:
            if ask.result == result:
                day = ask.date if result in OPEN_RESULTS else introduction_date(ask)
                return f"{words} {day.isoformat()}"
    return None


_BLOCKING = (
    ("declined", "declined on"),
    ("pending", "ask pending since"),
    ("checking", "checking with them first since the ask of"),
    ("introduced", "introduced on"),
)
