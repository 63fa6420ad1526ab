"""One salesperson's playbook as data: their connectors, targets and question banks, "today", and indexes over them.

A :class:`Book` is made by :mod:`playbook_gen.books` (one salesperson, or every
member of a team); the method reads it: paths, the plan, where each contact
stands. Nothing here computes a rule, so every module of the method can import
it and it imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Protocol

from .asks import Claim, Hold, IntroPath, PlannedAsk, TeamPlan
from .method import introduction_date
from .model import Contact, Customer, PastAsk, QuestionBank, Salesperson
from .playbook import Edge, Profile


@dataclass(frozen=True)
class ColleagueAsk:
    """An ask for one of your targets, recorded in a colleague's customer file (a connector not in your book).

    The connector is a colleague's customer: pages name the colleague, never that customer.
    """

    connector: Profile[Customer]
    ask: PastAsk
    by: tuple[str, ...]  # the salespeople who made it (their names), from the owners of both files


@dataclass(frozen=True)
class ContactState:
    """One contact's effective stage, the asks behind it, and any disagreement between the files."""

    stage: str
    written: str
    open_asks: tuple[tuple[Profile[Any], PastAsk], ...]  # pending or checking
    introductions: tuple[tuple[Profile[Any], PastAsk], ...]
    ended: tuple[tuple[Profile[Any], PastAsk], ...]
    disagreement: str | None = None
    colleague_open: tuple[ColleagueAsk, ...] = ()
    colleague_introductions: tuple[ColleagueAsk, ...] = ()

    @property
    def open_for_asking(self) -> bool:
        """May the plan ask for this contact (paths aside)? Only before any ask is open or answered ``introduced``."""
        return self.stage == "not-asked"

    @property
    def pursued_by_colleague(self) -> ColleagueAsk | None:
        """A colleague's open ask or introduction for this contact, when none of yours is under way (the latest)."""
        if self.open_asks or self.introductions:
            return None
        asks = self.colleague_open or self.colleague_introductions
        return max(asks, key=lambda c: (introduction_date(c.ask), c.connector.id)) if asks else None

    @property
    def introduction(self) -> tuple[Profile[Any], PastAsk] | None:
        """The latest introduction recorded for this contact, with its connector."""
        if not self.introductions:
            return None
        return max(self.introductions, key=lambda pair: (introduction_date(pair[1]), pair[0].id))

    @property
    def introducer(self) -> Profile[Any] | None:
        """The connector of the latest introduction, if one is recorded."""
        introduction = self.introduction
        return introduction[0] if introduction is not None else None


class TeamView(Protocol):
    """What a salesperson's book knows of the team they plan with (:class:`playbook_gen.team.Team` is one)."""

    @property
    def names(self) -> Mapping[str, str]: ...

    @property
    def ids(self) -> list[str]: ...

    @property
    def claims(self) -> dict[str, Claim]: ...

    def plan(self, *, with_stale: bool = False) -> TeamPlan: ...

    def colleague_asks_of(self, salesperson_id: str) -> list[tuple[PlannedAsk, str]]: ...

    def holds_of(self, salesperson_id: str, *, paths: Callable[[str], list[IntroPath]] | None = None) -> list[Hold]: ...


@dataclass(frozen=True)
class Book:
    """Everything one salesperson's site is made from. Other salespeople's files are not here."""

    salesperson: Profile[Salesperson]
    connectors: dict[str, Profile[Customer]]
    targets: dict[str, Profile[Contact]]
    banks: dict[str, Profile[QuestionBank]]
    edges: tuple[Edge, ...]
    today: date
    cooldowns: Mapping[str, int] = field(default_factory=dict)
    """Each shared connector's cool-down: the longest of their owners' ``cooldown_weeks`` (SPEC §10)."""
    colleague_asks: Mapping[str, tuple[ColleagueAsk, ...]] = field(default_factory=dict)
    """By contact id: asks for your targets that colleagues made of their own connectors."""
    colleague_made: Mapping[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    """Asks in your shared connectors' files that colleagues made, not you: (connector id, index) → their names."""
    team: TeamView | None = field(default=None, compare=False)
    """The team this salesperson plans with, when they share a connector or a contact (:mod:`playbook_gen.team`)."""
    states: Mapping[str, ContactState] = field(default_factory=dict, compare=False)
    """Where each target stands, worked out from both sides of the record by :mod:`playbook_gen.state`."""

    @property
    def me(self) -> Salesperson:
        """The salesperson's front matter: their settings for the plan."""
        return self.salesperson.data

    def made_by_colleague(self, connector_id: str, ask: PastAsk) -> tuple[str, ...]:
        """The colleagues who made this ask of a shared connector, or () when it is yours (pages leave theirs to them)."""
        if not self.colleague_made:
            return ()
        asks = self.connectors[connector_id].data.asks
        index = next((i for i, a in enumerate(asks) if a is ask), -1)
        return self.colleague_made.get((connector_id, index), ())

    def cooldown_of(self, connector_id: str) -> int:
        """The cool-down of one connector: yours, or the longest of everyone who shares them."""
        return self.cooldowns.get(connector_id, self.me.cooldown_weeks)

    def edges_to(self, target_id: str) -> tuple[Edge, ...]:
        """Every connector edge to one target."""
        return self._edges_by_target.get(target_id, ())

    def asks_for(self, contact_id: str) -> tuple[tuple[Profile[Customer], PastAsk], ...]:
        """Every recorded ask for one contact, with the connector it was made of."""
        return self._asks_by_contact.get(contact_id, ())

    def state_of(self, contact_id: str) -> ContactState:
        """Where a contact really stands, from their stage and the asks for them (:mod:`playbook_gen.state`)."""
        return self.states[contact_id]

    # Indexes built once per book: pages rank the paths of every contact several times.
    @cached_property
    def _edges_by_target(self) -> dict[str, tuple[Edge, ...]]:
        index: dict[str, list[Edge]] = {}
        for edge in self.edges:
            index.setdefault(edge.target, []).append(edge)
        return {target: tuple(edges) for target, edges in index.items()}

    @cached_property
    def ranked_paths(self) -> dict[str, list[IntroPath]]:
        """Each target's ranked introduction paths, kept by :func:`playbook_gen.paths.rank_paths`: the plan,
        the team, the attention list and the pages all rank the same paths, and the book is the same."""
        return {}

    @cached_property
    def _asks_by_contact(self) -> dict[str, tuple[tuple[Profile[Customer], PastAsk], ...]]:
        index: dict[str, list[tuple[Profile[Customer], PastAsk]]] = {}
        for connector in self.connectors.values():
            for ask in connector.data.asks:
                if ask.contact is not None:
                    index.setdefault(ask.contact, []).append((connector, ask))
        return {contact: tuple(asks) for contact, asks in index.items()}
