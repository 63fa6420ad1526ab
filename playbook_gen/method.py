"""The fixed parts of the method: the stage ladder, the cool-down, opportunity scores, text matching.

Every rule that more than one part of the engine needs lives here once, so
the ask plan, the path ranking and the attention list cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Outcome

PROJECT_WINDOW_DAYS = 180
"""A recent-project story may be told for this many days after the project finished."""
FOLLOW_UP_AFTER_DAYS = 14
"""An ask pending this many days or more needs a follow-up."""
STALE_CONTACT_DAYS = 180
"""A connector not spoken to for more than this many days needs a reconnect."""
THANK_YOU_WINDOW_DAYS = 90
"""An introduction (or a first conversation) is shown as owed a thank-you for this many days, until ``thanked``."""

OPPORTUNITY_BANDS: tuple[tuple[int, str], ...] = ((16, "extreme"), (12, "high"), (10, "worth exploring"), (0, "low"))
"""(lowest score, band), highest first. A score on a boundary (12, 10) belongs to the higher band."""

# Courtesy titles are not first names: "Dr. Lena Fischer" is greeted as "Lena".
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "rev", "fr"})


@dataclass(frozen=True)
class Rung:
    """One stage after the introduction: what it is for, and when to move on."""

    stage: str
    label: str
    goal: str
    move_on_when: str


LADDER: tuple[Rung, ...] = (
    Rung("first-conversation", "First conversation", "Understand their situation and the job they are trying to get done. No pitch.",
         "Have they asked you for something: \"can you send me some information?\""),
    Rung("explore", "Explore", "Map their desired outcomes and how satisfied each one is today.",
         "Do you both know which outcomes matter most and which are unmet?"),
    Rung("identify", "Identify", "Name the one or two underserved outcomes worth solving now.",
         "Have they said, in their words, which outcome they want to improve first?"),
    Rung("match", "Match", "Check honestly whether what you offer fits those outcomes \u2014 or say it doesn't.",
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


@dataclass(frozen=True)
class RatedOutcome:
    """An outcome with both scores given, and its opportunity score and band."""

    outcome: Outcome
    score: int
    band: str


def same_text(a: str | None, b: str | None) -> bool:
    """Roles, industries and tags match ignoring case and surrounding space."""
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def any_match(values: list[str], candidates: list[str | None]) -> bool:
    """Does any of ``values`` match any of ``candidates``, ignoring case?"""
    return any(same_text(value, candidate) for value in values for candidate in candidates)


def text_key(text: str) -> str:
    """The form of a role (or tag) under which equal texts compare equal."""
    return text.strip().casefold()


def first_name(full_name: str) -> str:
    """The name to greet someone by: the first word that is not a courtesy title."""
    words = full_name.split()
    for word in words:
        if word.rstrip(".").casefold() not in _TITLES:
            return word
    return words[0] if words else full_name


def monday_of(day: date) -> date:
    """The Monday of the ISO week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def cooled_down(asked_on: Iterable[date], *, week: date, cooldown_weeks: int) -> bool:
    """May a connector asked on these days be asked in the week starting ``week``?

    Only if every other ask of theirs, earlier or later, recorded or planned,
    is at least ``cooldown_weeks`` weeks away from that Monday.
    """
    window = timedelta(weeks=cooldown_weeks)
    return all(abs(week - day) >= window for day in asked_on)


def needs_reconnect(last_contact: date | None, *, today: date) -> bool:
    """Last spoken to more than 180 days ago: reconnect (a coffee, a call) before any new ask."""
    return last_contact is not None and (today - last_contact).days > STALE_CONTACT_DAYS


def sentence(text: str | None) -> str | None:
    """Text inserted as a sentence: a capital first letter and a final full stop ("she added trucks" -> "She added trucks.")."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?\u2026" or text.endswith(('."', ".'", '?"', '!"')) else text + "."


def continued(text: str) -> str:
    """A result carried on after a colon: "They now close in 4 days" -> "they now close in 4 days".

    Only a pronoun or an article loses its capital; a name or an acronym ("Greta's team", "ERP") keeps it.
    """
    text = text.strip().rstrip(".")
    first, _, rest = text.partition(" ")
    if first.lower() in _CLAUSE_STARTS and first[:1].isupper() and first[1:].islower():
        return f"{first.lower()} {rest}".rstrip()
    return text


_CLAUSE_STARTS = frozenset({"they", "we", "she", "he", "it", "the", "their", "our", "her", "his", "its", "a", "an"})


def first_free_week(asked_on: Iterable[date], *, from_week: date, cooldown_weeks: int) -> date:
    """The first Monday, from ``from_week`` on, on which the connector may be asked again."""
    days = list(asked_on)
    week = from_week
    # Every ask lies behind us once we pass the latest one by a whole window, so this ends.
    while not cooled_down(days, week=week, cooldown_weeks=cooldown_weeks):
        week += timedelta(weeks=1)
    return week


def project_is_recent(finished: date | None, *, on: date) -> bool:
    """A project finished on or before ``on`` and at most 180 days before it."""
    return finished is not None and timedelta(0) <= on - finished <= timedelta(days=PROJECT_WINDOW_DAYS)


def story_may_be_told(finished: date | None, *, today: date, week: date) -> bool:
    """May a recent-project story be told in the ask of the week starting ``week``?

    The project must have finished by today (a planned finish is not a story
    yet) and no more than 180 days before the day the ask is made: that
    week's Monday, or today for the current week.
    """
    return finished is not None and finished <= today and project_is_recent(finished, on=max(week, today))


def opportunity_score(outcome: Outcome) -> int | None:
    """importance + max(importance − satisfaction, 0); None until both are rated."""
    if outcome.importance is None or outcome.satisfaction is None:
        return None
    return outcome.importance + max(outcome.importance - outcome.satisfaction, 0)


def opportunity_band(score: int) -> str:
    """Above 15 extreme, 12–15 high, 10–11 worth exploring, below 10 low."""
    for lowest, band in OPPORTUNITY_BANDS:
        if score >= lowest:
            return band
    return OPPORTUNITY_BANDS[-1][1]


def rated_outcomes(outcomes: Iterable[Outcome]) -> list[RatedOutcome]:
    """The outcomes with both scores given, highest opportunity first (then importance, then statement)."""
    rated = []
    for outcome in outcomes:
        score = opportunity_score(outcome)
        if score is not None:
            rated.append(RatedOutcome(outcome, score, opportunity_band(score)))
    return sorted(rated, key=lambda r: (-r.score, -(r.outcome.importance or 0), r.outcome.statement))
