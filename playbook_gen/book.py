"""One salesperson's playbook: their connectors, targets and question banks, and "today"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Contact, Customer, QuestionBank, Salesperson
from .playbook import Edge, Playbook, Profile
from .problems import PlaybookError, Problem


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
        return self.salesperson.data


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


def book_for(playbook: Playbook, salesperson_id: str, *, today: date) -> Book:
    """The view of one salesperson; raises PlaybookError if any of their files has an error."""
    problems = [p for p in playbook.problems_for(salesperson_id) if p.severity == "error"]
    if problems:
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
