"""The records of the method: an introduction path, a planned ask, the team's plan, a claim and a hold.

Plain data, made by the modules that rank paths (:mod:`.paths`), plan asks
(:mod:`.plan`) and plan a team (:mod:`.team`), and read by the book, the pages
and the exports: they live here, below all of them, so no module imports back up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .ids import id_from_name
from .model import Contact, Customer, PastAsk
from .playbook import Profile

Form = Literal["named", "role"]


@dataclass(frozen=True)
class IntroPath:
    """One connector who can introduce one target, with its score and the reasons for it."""

    connector: Profile[Customer]
    target_id: str
    strength: int
    how: str | None
    score: int
    reasons: tuple[str, ...]
    blocked: str | None = None
    resting_until: date | None = None
    """The Monday from which the connector may be asked again, when they are resting this week."""
    waiting_on: PastAsk | None = None
    """The connector's open ask for someone else: they are asked for nobody else until it is answered."""

    @property
    def usable(self) -> bool:
        """May this path ever be chosen for an ask (cool-down aside)?"""
        return self.blocked is None


def role_person(connector_name: str, role: str) -> str:
    """A connector's role-person, named for the salesperson: "Greta Hansen's accountant"."""
    return f"{connector_name}'s {role}"


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
        """The one person asked for, as the salesperson says it to the connector ("your accountant")."""
        if self.contact is not None:
            return self.contact.data.name
        return f"your {self.role}"

    @property
    def who(self) -> str:
        """The one person, as the salesperson's own pages name them ("Greta Hansen's accountant")."""
        if self.contact is not None:
            return self.contact.data.name
        return role_person(self.connector.data.name, self.role or "")

    @property
    def key(self) -> str:
        """A stable, ASCII identity for this ask (used in anchors and calendar UIDs)."""
        who = self.contact.id if self.contact is not None else f"role-{id_from_name(self.role or '') or 'person'}"
        return f"{self.week.isoformat()}-{self.connector.id}-{who}"


@dataclass(frozen=True)
class Contention:
    """A week in which several salespeople wanted the same connector, and who asks them."""

    week: date
    connector: Profile[Customer]
    winner: str  # salesperson id
    ask: PlannedAsk  # the winner's ask
    others: tuple[str, ...]  # the salespeople who wanted the connector too, in turn order


@dataclass(frozen=True)
class TeamPlan:
    """Every member's planned asks, and the weeks in which two of them wanted one connector."""

    plans: dict[str, list[PlannedAsk]]
    contentions: tuple[Contention, ...] = ()


@dataclass(frozen=True)
class Claim:
    """Who pursues one shared contact, and why (for the pages and the team site)."""

    contact_id: str
    pursuer: str  # salesperson id
    scores: tuple[tuple[str, int], ...]  # (salesperson id, best path score), best first
    tie: bool = False


@dataclass(frozen=True)
class Hold:
    """A colleague's planned ask of a connector you share and could ask: it rests them for you too."""

    ask: PlannedAsk
    colleague: str  # salesperson id
    colleague_name: str
    free_from: date  # the first Monday you may ask the connector, with every ask counted

    @property
    def sentence(self) -> str:
        """ "Tom Becker asks Greta Hansen in the week of 2026-12-14" (SPEC §10): never whom they ask for."""
        return f"{self.colleague_name} asks {self.ask.connector.data.name} in the week of {self.ask.week.isoformat()}"
