"""Pydantic models of the front matter: what validates profiles, and the source of ``schema``."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from .ids import ID_PATTERN, id_from_name, is_valid_id
from .profiles import source_text
from .text import without_bidi

PRIVATE_KEY_PATTERN = r"^private(_.*)?$"
"""Keys never published (SPEC §3); the schema lets them through."""

Stage = Literal[
    "not-asked",
    "asked",
    "introduced",
    "first-conversation",
    "explore",
    "identify",
    "match",
    "propose",
    "sales-process",
    "won",
    "lost",
    "parked",
]
STAGES: tuple[str, ...] = get_args(Stage)
"""Every stage, in the order of the method."""
AskResult = Literal["pending", "checking", "introduced", "declined", "no-answer"]
ASK_RESULTS: tuple[str, ...] = get_args(AskResult)
OPEN_RESULTS: tuple[str, ...] = ("pending", "checking")
"""An ask still waiting for its final answer: the connector is not asked again meanwhile (SPEC §1.3)."""
CLOSED_STAGES: tuple[str, ...] = ("won", "lost", "parked")
"""The outcomes: moving to one sets a contact's ``closed`` date, from which the third thank-you is due."""

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc}); write it YYYY-MM-DD") from None
    raise ValueError(f"must be a date written YYYY-MM-DD (like 2026-11-02), got {shown_value(value)}")


def _score(low: int, high: int) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}, got {shown_value(value)}")
        return int(value)

    # The validator does the checking; the schema states the range in JSON Schema's own words.
    return Annotated[int, BeforeValidator(check), WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})]


# Unicode's control characters (category Cc: U+0000-001F and U+007F-009F) but tab and line breaks,
# and surrogates (Cs): the first one in a text is the one a message names.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"must be text, got {shown_value(value)}")
    text = value if isinstance(value, str) else source_text(value)  # `phone: +15550100` is text to its writer
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # most texts: no control, no bidirectional mark, no line break or run of spaces to make one
    invisible = _INVISIBLE.search(text)
    if invisible is not None:
        raise ValueError(f"holds the invisible character U+{ord(invisible.group()):04X}; remove it")
    # Every text key is one line on a page, in a calendar and in a CSV: line breaks become spaces,
    # and a bidirectional control never reorders the page around it.
    return " ".join(without_bidi(text).split())


def _required_text(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("must not be empty: it is required")
    return _text(value)


def _profile_id(value: Any) -> Any:
    if isinstance(value, str) and is_valid_id(value):
        return value
    hint = ""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        suggestion = id_from_name(source_text(value))
        hint = f"; did you mean '{suggestion}'?" if suggestion and suggestion != value else ""
    raise ValueError(f"must be an id (lowercase letters, digits and single hyphens, like dana-ruiz), got {shown_value(value)}{hint}")


def _owner(value: Any) -> Any:
    """A salesperson id or a non-empty list of them; checked here so a bad owner gives one message."""
    expected = "a salesperson id (like maya-okafor) or a list of ids"
    if isinstance(value, str) and is_valid_id(value):
        return value
    if isinstance(value, list) and value:
        for index, item in enumerate(value):
            if not (isinstance(item, str) and is_valid_id(item)):
                raise ValueError(f"item {index + 1} of the list, {shown_value(item)}, is not a salesperson id (lowercase letters, digits and single hyphens)")
        return value
    if isinstance(value, list):
        raise ValueError(f"must be {expected}, got an empty list")
    raise ValueError(f"must be {expected}, got {shown_value(value)}")


def _bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {shown_value(value)}")
    return value


def shown_value(value: Any) -> str:
    """A bad value as a message shows it: short, on one line."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "keys with values"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = source_text(value)
        return text if len(text) <= 40 else text[:37] + "..."
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


Date = Annotated[date, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text), Field(min_length=1)]
_ID_SCHEMA: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
ProfileId = Annotated[str, BeforeValidator(_profile_id), WithJsonSchema(_ID_SCHEMA)]
Flag = Annotated[bool, BeforeValidator(_bool)]
Owner = Annotated[
    ProfileId | list[ProfileId],
    BeforeValidator(_owner),
    WithJsonSchema({"anyOf": [_ID_SCHEMA, {"type": "array", "items": _ID_SCHEMA, "minItems": 1}]}),
]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Salesperson(_Entry):
    """``docs/salespeople/<id>.md``: whose playbook it is."""

    name: RequiredText = Field(description="Full name.")
    email: Text | None = Field(None, description="Used in signatures.")
    phone: Text | None = Field(None, description="Used in signatures.")
    company: Text | None = None
    offer: RequiredText = Field(description="What you help people do, in their words.")
    target_roles: list[Text] = Field(default_factory=list, description="Roles you want role asks for.")
    asks_per_week: _score(1, 7) = 2  # type: ignore[valid-type]
    cooldown_weeks: _score(1, 52) = Field(6, description="A connector is asked at most once per window.")  # type: ignore[valid-type]
    weeks_ahead: _score(1, 26) = Field(8, description="How far the ask plan looks.")  # type: ignore[valid-type]


class RecentProject(_Entry):
    title: RequiredText
    finished: Date
    result: Text | None = None


class Knows(_Entry):
    contact: ProfileId
    strength: _score(1, 5) = 3  # type: ignore[valid-type]
    how: Text | None = None


class KnownBy(_Entry):
    customer: ProfileId
    strength: _score(1, 5) = 3  # type: ignore[valid-type]
    how: Text | None = None


class PastAsk(_Entry):
    """One ask already made of a connector: for one contact or one role-person."""

    contact: ProfileId | None = None
    role: Text | None = None
    date: Date
    result: AskResult = Field("pending", description="pending, checking (the connector is asking the person first), introduced, declined or no-answer.")
    answered: Date | None = Field(None, description="When the final answer came (the introduction's date).")
    thanked: Date | None = Field(None, description="When the connector was thanked for the introduction.")
    thanked_meeting: Date | None = Field(None, description="When the connector was thanked after the first conversation.")
    thanked_outcome: Date | None = Field(None, description="When the connector was thanked at the outcome (won, lost or parked).")
    by: ProfileId | None = Field(None, description="The salesperson who made the ask, when several share the connector and the person (record ask writes it).")

    @model_validator(mode="after")
    def _one_person(self) -> PastAsk:
        if self.contact is not None and self.role is not None:
            raise ValueError("an ask names exactly one person: give either 'contact' or 'role', not both")
        if self.contact is None and self.role is None:
            raise ValueError("an ask names exactly one person: add 'contact: <contact id>' or 'role: <their role-person>'")
        return self


class Gift(_Entry):
    """Something you did for a connector: an introduction you made, a favour."""

    date: Date
    what: RequiredText


class Customer(_Entry):
    """``docs/customers/<id>.md``: a connector."""

    name: RequiredText
    company: Text | None = None
    role: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    linkedin: Text | None = Field(None, description="The LinkedIn profile URL.")
    owner: Owner | None = Field(None, description="Salesperson id or list; required when there are several.")
    relationship: _score(1, 5) = Field(3, description="How well you know each other.")  # type: ignore[valid-type]
    last_contact: Date | None = None
    keep_in_touch_days: _score(7, 730) | None = Field(  # type: ignore[valid-type]
        None, description="Stay in touch at least this often, in days; by relationship when unset: 5 -> 30, 4 -> 60, 3 -> 90, 2 -> 180, 1 -> 365."
    )
    gave: list[Gift] = Field(default_factory=list, description="What you did for them: an introduction you made, a favour.")
    reference: Flag = Field(False, description="May be named in a recent-project story.")
    recent_project: RecentProject | None = None
    knows: list[Knows] = Field(default_factory=list)
    their: list[Text] = Field(default_factory=list, description="Role-persons they have ('accountant').")
    do_not_ask: Flag = False
    asks: list[PastAsk] = Field(default_factory=list)


class Outcome(_Entry):
    statement: RequiredText
    importance: _score(1, 10) | None = None  # type: ignore[valid-type]
    satisfaction: _score(1, 10) | None = None  # type: ignore[valid-type]


class Contact(_Entry):
    """``docs/contacts/<id>.md``: a target contact."""

    name: RequiredText
    company: Text | None = None
    role: Text | None = None
    industry: Text | None = None
    email: Text | None = Field(None, description="For after the introduction, and for finding duplicates on import.")
    phone: Text | None = Field(None, description="For after the introduction.")
    linkedin: Text | None = Field(None, description="The LinkedIn profile URL.")
    owner: Owner | None = None
    why: Text | None = Field(None, description="One sentence: why you want to meet them.")
    priority: _score(1, 3) = Field(2, description="1 = highest.")  # type: ignore[valid-type]
    stage: Stage = "not-asked"
    known_by: list[KnownBy] = Field(default_factory=list)
    jobs: list[Text] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    met: Date | None = Field(None, description="The date of the first conversation.")
    closed: Date | None = Field(None, description="When the stage became won, lost or parked (its thank-you is due from then).")


class QuestionBank(_Entry):
    """``docs/questions/<id>.md``: questions for contacts that match."""

    title: RequiredText
    roles: list[Text] = Field(default_factory=list)
    industries: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    stage: Stage = "first-conversation"
    questions: list[Text] = Field(default_factory=list)


def owners_of(owner: str | list[str] | None) -> tuple[str, ...]:
    """The owner key as a tuple of salesperson ids."""
    if owner is None:
        return ()
    return (owner,) if isinstance(owner, str) else tuple(owner)
