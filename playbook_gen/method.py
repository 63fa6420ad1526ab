"""The fixed parts of the method: the stage ladder, opportunity scores, text matching."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Outcome

PROJECT_WINDOW_DAYS = 180
"""A recent-project story may be told for this many days after the project finished."""
FOLLOW_UP_AFTER_DAYS = 14
STALE_CONTACT_DAYS = 180
THANK_YOU_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Rung:
    stage: str
    label: str
    goal: str
    move_on_when: str


LADDER: tuple[Rung, ...] = (
    Rung("first-conversation", "First conversation", "Understand their situation and the job they are trying to get done. No pitch.",
         "Have they asked you for something: \u201ccan you send me some information?\u201d"),
    Rung("explore", "Explore", "Map their desired outcomes and how satisfied each one is today.",
         "Do you both know which outcomes matter most and which are unmet?"),
    Rung("identify", "Identify", "Name the one or two underserved outcomes worth solving now.",
         "Have they said, in their words, which outcome they want to improve first?"),
    Rung("match", "Match", "Check honestly whether what you offer fits those outcomes \u2014 or say it doesn\u2019t.",
         "Do they agree the fit is real, and want to see what it would look like?"),
    Rung("propose", "Propose", "Put a concrete proposal in front of them, tied to their outcomes.",
         "Have they asked how to go ahead, or what the next step is?"),
    Rung("sales-process", "Sales process", "Follow your normal sales process to a decision.",
         "Is there a decision \u2014 won, lost or parked \u2014 to thank the connector for?"),
)

STAGE_LABELS: dict[str, str] = {
    "not-asked": "Not asked",
    "asked": "Asked",
    "introduced": "Introduced",
    **{rung.stage: rung.label for rung in LADDER},
    "won": "Won",
    "lost": "Lost",
    "parked": "Parked",
}


def same_text(a: str | None, b: str | None) -> bool:
    """Roles, industries and tags match ignoring case and surrounding space."""
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def any_match(values: list[str], candidates: list[str | None]) -> bool:
    return any(same_text(value, candidate) for value in values for candidate in candidates)


def monday_of(day: date) -> date:
    """The Monday of the ISO week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def opportunity_score(outcome: Outcome) -> int | None:
    """importance + max(importance − satisfaction, 0); None until both are rated."""
    if outcome.importance is None or outcome.satisfaction is None:
        return None
    return outcome.importance + max(outcome.importance - outcome.satisfaction, 0)


def opportunity_band(score: int) -> str:
    """Above 15 extreme, 12–15 high, 10–12 worth exploring, below 10 low."""
    if score > 15:
        return "extreme"
    if score >= 12:
        return "high"
    if score >= 10:
        return "worth exploring"
    return "low"


def project_is_recent(finished: date | None, *, on: date) -> bool:
    """A project finished on or before ``on`` and at most 180 days before it."""
    return finished is not None and timedelta(0) <= on - finished <= timedelta(days=PROJECT_WINDOW_DAYS)
