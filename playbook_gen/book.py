"""One salesperson's playbook: their connectors, targets and question banks, and "today"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from .model import Contact, Customer, PastAsk, QuestionBank, Salesperson
from .playbook import Edge, Playbook, Profile
from .problems import PlaybookError, Problem

if TYPE_CHECKING:
    from .state import ContactState


@dataclass(frozen=True)
class Book:
    """Everything one salesperson's site is made from. Other salespeople's files are not here."""

    salesperson: Profile[Salesperson]
    connectors: dict[str, Profile[Customer]]
    targets: dict[str, Profile[Contact]]
    banks: dict[str, Profile[QuestionBank]]
    edges: tuple[Edge, ...]
    today: date

    @property
    def me(self) -> Salesperson:
        """The salesperson's front matter: their settings for the plan."""
        return self.salesperson.data

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


def book_for(playbook: Playbook, salesperson_id: str, *, today: date, strict: bool = True) -> Book:
    """The view of one salesperson; raises PlaybookError if any of their files has an error (unless not ``strict``)."""
    problems = [p for p in playbook.problems_for(salesperson_id) if p.severity == "error"]
    if problems and strict:
        raise PlaybookError(problems)
    mine = {
        "connectors": {k: v for k, v in playbook.customers.items() if salesperson_id in playbook.owners_of(v)},
        "targets": {k: v for k, v in playbook.contacts.items() if salesperson_id in playbook.owners_of(v)},
    }
    edges = tuple(e for e in playbook.edges if e.connector in mine["connectors"] and e.target in mine["targets"])
    return Book(
        salesperson=playbook.salespeople[salesperson_id],
        connectors=mine["connectors"],
        targets=mine["targets"],
        banks=dict(playbook.banks),
        edges=edges,
        today=today,
    )
