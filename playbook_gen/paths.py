"""Introduction paths: who can introduce each target, ranked, with the reasons in plain words.

The score is a sum of whole numbers, so it is deterministic and easy to explain:

* how well the connector knows the target: strength × 20 (20–100)
* how well you know the connector: relationship × 10 (10–50)
* how recently you spoke: +15 within 30 days, +10 within 90, +5 within 180
* a recent project with the connector, a natural reason to call: +10
* ask fatigue: −30 when the connector was asked inside the cool-down window

Ties go to the connector id, alphabetically. A path is *blocked* (listed,
never chosen) when the connector is marked ``do_not_ask``, declined to
introduce this person before, or already has an ask pending for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .book import Book
from .method import project_is_recent
from .model import Customer
from .playbook import Profile

STRENGTH_WORDS = {1: "barely", 2: "a little", 3: "fairly well", 4: "well", 5: "very well"}
RELATIONSHIP_WORDS = {1: "barely", 2: "a little", 3: "fairly well", 4: "well", 5: "very well"}
FATIGUE_PENALTY = 30


@dataclass(frozen=True)
class IntroPath:
    """One connector who can introduce one target."""

    connector: Profile[Customer]
    target_id: str
    strength: int
    how: str | None
    score: int
    reasons: tuple[str, ...]
    blocked: str | None = None

    @property
    def usable(self) -> bool:
        return self.blocked is None


def last_ask_date(connector: Customer) -> date | None:
    """The most recent ask in a connector's history."""
    return max((ask.date for ask in connector.asks), default=None)


def in_cooldown(connector: Customer, *, on: date, cooldown_weeks: int) -> bool:
    """Was this connector asked less than ``cooldown_weeks`` before ``on``?"""
    return any(abs((on - ask.date).days) < cooldown_weeks * 7 for ask in connector.asks)


def rank_paths(book: Book, target_id: str) -> list[IntroPath]:
    """Every path to a target, best first; blocked paths last."""
    target_first = book.targets[target_id].data.name.split()[0]
    paths = []
    for edge in book.edges:
        if edge.target != target_id:
            continue
        connector = book.connectors[edge.connector]
        paths.append(_score_path(book, connector, target_id, target_first, edge.strength, edge.how))
    return sorted(paths, key=lambda p: (not p.usable, -p.score, p.connector.id))


def _score_path(book: Book, connector: Profile[Customer], target_id: str, target_first: str, strength: int, how: str | None) -> IntroPath:
    data = connector.data
    today = book.today
    score = strength * 20 + data.relationship * 10
    reasons = [f"knows {target_first} {STRENGTH_WORDS[strength]} ({strength}/5)", f"you know them {RELATIONSHIP_WORDS[data.relationship]} ({data.relationship}/5)"]
    if data.last_contact is not None:
        days = (today - data.last_contact).days
        score += 15 if days <= 30 else 10 if days <= 90 else 5 if days <= 180 else 0
        reasons.append(f"you spoke {_days(days)}" if days <= 180 else f"no contact for {days} days \u2014 reconnect first")
    else:
        reasons.append("no last contact recorded")
    project = data.recent_project
    if project is not None and project_is_recent(project.finished, on=today):
        score += 10
        reasons.append(f"finished a project {_days((today - project.finished).days)}")
    if in_cooldown(data, on=today, cooldown_weeks=book.me.cooldown_weeks):
        score -= FATIGUE_PENALTY
        last = last_ask_date(data)
        assert last is not None
        free = last + timedelta(weeks=book.me.cooldown_weeks)
        reasons.append(f"asked {_days((today - last).days)} \u2014 resting until {free.isoformat()}")
    return IntroPath(
        connector=connector,
        target_id=target_id,
        strength=strength,
        how=how,
        score=score,
        reasons=tuple(reasons),
        blocked=_blocked(data, target_id),
    )


def _blocked(connector: Customer, target_id: str) -> str | None:
    if connector.do_not_ask:
        return "marked do not ask"
    for ask in connector.asks:
        if ask.contact == target_id and ask.result == "declined":
            return f"declined on {ask.date.isoformat()}"
        if ask.contact == target_id and ask.result == "pending":
            return f"ask pending since {ask.date.isoformat()}"
    return None


def _days(days: int) -> str:
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} days"
    return "yesterday" if days == 1 else f"{days} days ago"
