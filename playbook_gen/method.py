"""The fixed parts of the method: the stage ladder, the cool-down, opportunity scores, text matching.

Every rule that more than one part of the engine needs lives here once, so
the ask plan, the path ranking and the attention list cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import CLOSED_STAGES, OPEN_RESULTS, Contact, Customer, Outcome, PastAsk

PROJECT_WINDOW_DAYS = 180
"""A recent-project story may be told for this many days after the project finished."""
FOLLOW_UP_AFTER_DAYS = 14
"""An ask pending this many days or more needs a follow-up."""
STALE_CONTACT_DAYS = 180
"""A connector not spoken to for more than this many days needs a reconnect."""
THANK_YOU_WINDOW_DAYS = 90
"""Each of the three thank-yous is reminded for this many days from its own start, until it is recorded."""
KEEP_IN_TOUCH_DAYS: dict[int, int] = {5: 30, 4: 60, 3: 90, 2: 180, 1: 365}
"""The keep-in-touch rhythm by relationship, when a connector's ``keep_in_touch_days`` is not set."""
LONG_OVERDUE_FACTOR = 2
"""A keep-in-touch is long overdue past this many rhythms."""
GIVE_BACK_AFTER_ASKS = 3
"""After this many asks of a connector with nothing given since, the customer page suggests giving back first."""

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
    Rung(
        "first-conversation",
        "First conversation",
        "Understand their situation and the job they are trying to get done. No pitch.",
        'Have they asked you for something: "can you send me some information?"',
    ),
    Rung(
        "explore",
        "Explore",
        "Map their desired outcomes and how satisfied each one is today.",
        "Do you both know which outcomes matter most and which are unmet?",
    ),
    Rung(
        "identify",
        "Identify",
        "Name the one or two underserved outcomes worth solving now.",
        "Have they said, in their words, which outcome they want to improve first?",
    ),
    Rung(
        "match",
        "Match",
        "Check honestly whether what you offer fits those outcomes \u2014 or say it doesn't.",
        "Do they agree the fit is real, and want to see what it would look like?",
    ),
    Rung(
        "propose", "Propose", "Put a concrete proposal in front of them, tied to their outcomes.", "Have they asked how to go ahead, or what the next step is?"
    ),
    Rung(
        "sales-process",
        "Sales process",
        "Follow your normal sales process to a decision.",
        "Is there a decision \u2014 won, lost or parked \u2014 to thank the connector for?",
    ),
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


def is_open(ask: PastAsk) -> bool:
    """Still waiting for the final answer (pending, or the connector is checking with the person first)."""
    return ask.result in OPEN_RESULTS


def open_ask(connector: Customer) -> PastAsk | None:
    """The connector's open ask, if any (the latest): while it is open they are asked for nobody else (SPEC §1.3)."""
    asks = [ask for ask in connector.asks if is_open(ask)]
    return max(asks, key=lambda ask: ask.date) if asks else None


def follow_up_from(ask: PastAsk, connector: Customer) -> date:
    """The day an open ask's follow-up clock starts: its date, or for ``checking`` the answer that said so.

    ``record answer … checking`` sets the connector's ``last_contact`` (an ask keeps no date of its
    own for that answer), so a checking ask is followed up from the later of the two.
    """
    if ask.result == "checking" and connector.last_contact is not None:
        return max(ask.date, connector.last_contact)
    return ask.date


def keep_in_touch_days(connector: Customer) -> int:
    """How often to be in touch with a connector: their ``keep_in_touch_days``, else by relationship."""
    return connector.keep_in_touch_days or KEEP_IN_TOUCH_DAYS[connector.relationship]


def next_touch(connector: Customer) -> date | None:
    """The day the next keep-in-touch is due (None while no contact is recorded)."""
    if connector.last_contact is None:
        return None
    return connector.last_contact + timedelta(days=keep_in_touch_days(connector))


def asks_since_last_gift(connector: Customer) -> int:
    """How many asks of this connector came after the last thing you did for them (all of them if nothing)."""
    last = max((gift.date for gift in connector.gave), default=None)
    return sum(1 for ask in connector.asks if last is None or ask.date > last)


@dataclass(frozen=True)
class ThankYou:
    """One of the three thank-yous of an introduction (SPEC §1.7)."""

    occasion: str  # what ``record thanked --for`` calls it
    key: str  # the ask's key that records it
    label: str  # the event thanked for, in a sentence: "for the introduction"
    starts: str  # the event it follows, for a refusal: "the introduction"


THANK_YOUS: tuple[ThankYou, ...] = (
    ThankYou("introduction", "thanked", "for the introduction", "the introduction"),
    ThankYou("meeting", "thanked_meeting", "after the first conversation", "the first conversation (met)"),
    ThankYou("outcome", "thanked_outcome", "at the outcome", "the outcome (won, lost or parked: closed)"),
)
THANK_YOU_BY_OCCASION: dict[str, ThankYou] = {thanks.occasion: thanks for thanks in THANK_YOUS}


def introduction_date(ask: PastAsk) -> date:
    """The day an introduction was made: its ``answered``, else (an older file) the ask's date."""
    return ask.answered or ask.date


def thank_you_start(thanks: ThankYou, ask: PastAsk, contact: Contact | None) -> date | None:
    """The day this thank-you becomes due, or None while its event has not happened (or the ask made no introduction).

    The introduction's from its ``answered``, the first conversation's from the contact's ``met``,
    the outcome's from ``closed`` once the stage is won, lost or parked. A role ask's person has no
    contact file linked to the ask, so only its introduction is thanked through the playbook.
    """
    if ask.result != "introduced":
        return None
    if thanks.occasion == "introduction":
        return introduction_date(ask)
    if contact is None:
        return None
    if thanks.occasion == "meeting":
        return contact.met
    return contact.closed if contact.stage in CLOSED_STAGES else None


def thanked_on(thanks: ThankYou, ask: PastAsk) -> date | None:
    """When this thank-you was recorded, if it was."""
    return getattr(ask, thanks.key)


def due_thank_you(ask: PastAsk, contact: Contact | None) -> ThankYou | None:
    """The thank-you that is due now: the first whose event has happened and that is not recorded yet."""
    return next((t for t in THANK_YOUS if thank_you_start(t, ask, contact) is not None and thanked_on(t, ask) is None), None)


def backwards_dates(ask: PastAsk) -> list[tuple[str, str]]:
    """Where one ask's dates run backwards, as (key, message): ``date`` ≤ ``answered`` ≤ each thank-you (SPEC §3)."""
    found = []
    if ask.answered is not None and ask.answered < ask.date:
        found.append(("answered", f"{ask.answered.isoformat()} is before the ask itself ({ask.date.isoformat()}); an answer comes after its ask"))
    floor, floor_key = (ask.answered, "answered") if ask.answered is not None else (ask.date, "date")
    for thanks in THANK_YOUS:
        day = thanked_on(thanks, ask)
        if day is not None and day < floor:
            found.append((thanks.key, f"{day.isoformat()} is before the ask's {floor_key} ({floor.isoformat()}); a thank-you comes after what it thanks for"))
    return found


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


OFFER_PLACEHOLDER = "I help owners like you get one thing done, said in their words"
"""The offer ``playbook-gen new salesperson`` (and ``init``) writes, for the salesperson to replace: ``check`` warns while it stays."""
_FIRST_PERSON = re.compile(r"^(?:I|we)\s+(\S+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_HELP = re.compile(r"^helps?\s+(.*)$", re.IGNORECASE | re.DOTALL)
_GERUND = re.compile(r"^([A-Za-z]+ing)\s+(.*)$", re.DOTALL)
_STILL_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves|I'm|I've|we're|we've)\b", re.IGNORECASE)
_IRREGULAR_THIRD = {"am": "is", "are": "is", "have": "has", "do": "does", "go": "goes", "can": "can", "will": "will", "may": "may"}


def third_person(verb: str) -> str:
    """A verb as "she …" says it: "help" → "helps", "look" → "looks", "fix" → "fixes", "carry" → "carries", "have" → "has"."""
    lower = verb.casefold()
    if lower in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[lower]
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def offer_in_third_person(offer: str) -> str | None:
    """What the salesperson does, as the forwardable note says it of them ("Maya … helps owners see their cash").

    "I help owners see…", "We help…", "help owners…" → "helps owners see…"; "I look after the computers…"
    → "looks after the computers…"; "Helping owners…" → "helps owners…"; "Building websites for
    florists" → "works on building websites for florists"; a bare "plan the handover" (what you help
    people do, as SPEC §3 asks for it) → "helps people plan the handover". None when it cannot be said
    in the third person (it still speaks of "my", "our" …): ``check`` then says how to write it.
    """
    phrase = " ".join(offer.split()).rstrip(".!;")
    if not phrase:
        return None
    if match := _HELP.match(phrase):
        result = f"helps {match.group(1)}"
    elif match := _FIRST_PERSON.match(phrase):
        verb, rest = match.groups()
        result = f"{third_person(verb)} {rest}".strip()
    elif (match := _GERUND.match(phrase)) and match.group(1).casefold() != "during":
        gerund, rest = match.groups()
        result = f"helps {rest}" if gerund.casefold() == "helping" else f"works on {gerund[:1].lower()}{gerund[1:]} {rest}"
    else:
        result = f"helps people {phrase[:1].lower()}{phrase[1:]}" if phrase[:1].isupper() and phrase[1:2].islower() else f"helps people {phrase}"
    return None if _STILL_FIRST_PERSON.search(result) else result


def days_ago(days: int) -> str:
    """A span of days in words: "today", "yesterday", "12 days ago"; ahead of today "tomorrow", "in 3 days"."""
    if days == 0:
        return "today"
    if days < 0:
        return "tomorrow" if days == -1 else f"in {-days} days"
    return "yesterday" if days == 1 else f"{days} days ago"


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
