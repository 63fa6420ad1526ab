"""One salesperson's playbook: their connectors, targets and question banks, and "today"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from .method import any_match
from .model import Contact, Customer, PastAsk, QuestionBank, Salesperson
from .playbook import Edge, Playbook, Profile
from .problems import PlaybookError, Problem

if TYPE_CHECKING:
    from .state import ContactState
    from .team import Team


@dataclass(frozen=True)
class ColleagueAsk:
    """An ask for one of your targets, recorded in a colleague's customer file (a connector not in your book).

    The connector is a colleague's customer: pages name the colleague, never that customer.
    """

    connector: Profile[Customer]
    ask: PastAsk
    by: tuple[str, ...]  # the salespeople who made it (their names), from the owners of both files


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
    team: Team | None = field(default=None, compare=False)
    """The team this salesperson plans with, when they share a connector or a contact (:mod:`playbook_gen.team`)."""

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
        return self._states[contact_id]

    @cached_property
    def _states(self) -> dict[str, ContactState]:
        from .state import contact_state  # the state reads the book: imported here, not at the top

        return {contact_id: contact_state(self, contact_id) for contact_id in self.targets}

    # Indexes built once per book: pages rank the paths of every contact several times.
    @cached_property
    def _edges_by_target(self) -> dict[str, tuple[Edge, ...]]:
        index: dict[str, list[Edge]] = {}
        for edge in self.edges:
            index.setdefault(edge.target, []).append(edge)
        return {target: tuple(edges) for target, edges in index.items()}

    @cached_property
    def _asks_by_contact(self) -> dict[str, tuple[tuple[Profile[Customer], PastAsk], ...]]:
        index: dict[str, list[tuple[Profile[Customer], PastAsk]]] = {}
        for connector in self.connectors.values():
            for ask in connector.data.asks:
                if ask.contact is not None:
                    index.setdefault(ask.contact, []).append((connector, ask))
        return {contact: tuple(asks) for contact, asks in index.items()}


def choose_salesperson(playbook: Playbook, wanted: str | None) -> str:
    """The salesperson to build: the one asked for, else the only one; several is an error."""
    ids = sorted(playbook.salespeople)
    if wanted:
        if wanted not in playbook.salespeople:
            known = ", ".join(ids) if ids else "none yet"
            raise PlaybookError([Problem(f"docs/salespeople/{wanted}.md", None, f"no salesperson '{wanted}'; salespeople are: {known}")])
        return wanted
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise PlaybookError([Problem("docs/salespeople", None, "no salesperson: add docs/salespeople/<id>.md (playbook-gen new salesperson \"Full Name\")")])
    raise PlaybookError(
        [Problem("mkdocs.yml", None, f"several salespeople ({', '.join(ids)}): choose one with the plugin option 'salesperson', PLAYBOOK_SALESPERSON or --salesperson")]
    )


def book_for(playbook: Playbook, salesperson_id: str, *, today: date, strict: bool = True, team: bool = True) -> Book:
    """The view of one salesperson; raises PlaybookError if any of their files has an error (unless not ``strict``).

    With ``team`` (the default) a salesperson who shares a connector or a contact
    plans with everyone they share with (:mod:`playbook_gen.team`), so every
    build of any one of them computes the same team plan.
    """
    problems = [p for p in playbook.problems_for(salesperson_id) if p.severity == "error"]
    if problems and strict:
        raise PlaybookError(problems)
    if not team:
        return _own_book(playbook, salesperson_id, today=today)
    from .team import team_books, team_of  # the team plans over books: imported here, not at the top

    return team_books(playbook, team_of(playbook, salesperson_id), today=today)[salesperson_id]


def ask_makers(playbook: Playbook, connector: Profile[Customer], ask: PastAsk) -> tuple[str, ...]:
    """Who made an ask, as the files say it: its ``by``; else the connector's owners who also own the contact
    (for a role ask, who has the role among their ``target_roles``); all of the connector's owners when that says nothing."""
    owners = playbook.owners_of(connector)
    if ask.by is not None and ask.by in owners:
        return (ask.by,)  # written by record ask where the files alone cannot tell
    if ask.contact is not None:
        target = playbook.contacts.get(ask.contact)
        makers = tuple(o for o in owners if target is not None and o in playbook.owners_of(target))
    else:
        makers = tuple(o for o in owners if o in playbook.salespeople and any_match(playbook.salespeople[o].data.target_roles, [ask.role]))
    return makers or owners


def _names(playbook: Playbook, salespeople: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(playbook.salespeople[s].data.name for s in salespeople if s in playbook.salespeople)


NO_SALESPERSON = 'no salesperson: add one with playbook-gen new salesperson "Full Name"'


def _own_book(playbook: Playbook, salesperson_id: str, *, today: date) -> Book:
    connectors = {k: v for k, v in playbook.customers.items() if salesperson_id in playbook.owners_of(v)}
    targets = {k: v for k, v in playbook.contacts.items() if salesperson_id in playbook.owners_of(v)}
    edges = tuple(e for e in playbook.edges if e.connector in connectors and e.target in targets)
    cooldowns = {}
    colleague_made: dict[tuple[str, int], tuple[str, ...]] = {}
    for cid, connector in connectors.items():
        owners = [playbook.salespeople[o].data.cooldown_weeks for o in playbook.owners_of(connector) if o in playbook.salespeople]
        cooldowns[cid] = max(owners, default=playbook.salespeople[salesperson_id].data.cooldown_weeks)
        if len(owners) > 1:
            for index, ask in enumerate(connector.data.asks):
                makers = ask_makers(playbook, connector, ask)
                if salesperson_id not in makers:
                    colleague_made[(cid, index)] = _names(playbook, makers)
    colleague_asks: dict[str, list[ColleagueAsk]] = {}
    shared_targets = {k for k, v in targets.items() if len(playbook.owners_of(v)) > 1}
    if shared_targets:
        for cid, connector in playbook.customers.items():
            if cid in connectors:
                continue
            for ask in connector.data.asks:
                if ask.contact in shared_targets:
                    colleague_asks.setdefault(ask.contact, []).append(ColleagueAsk(connector, ask, _names(playbook, ask_makers(playbook, connector, ask))))
    return Book(
        salesperson=playbook.salespeople[salesperson_id],
        connectors=connectors,
        targets=targets,
        banks=dict(playbook.banks),
        edges=edges,
        today=today,
        cooldowns=cooldowns,
        colleague_asks={k: tuple(v) for k, v in colleague_asks.items()},
        colleague_made=colleague_made,
    )
