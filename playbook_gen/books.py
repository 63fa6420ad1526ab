"""Building books: one salesperson's view of the repository, and the books of a team that plans together.

:class:`~playbook_gen.book.Book` is data; this module makes it from a
:class:`~playbook_gen.playbook.Playbook`: the salesperson's own profiles, the
cool-downs and asks of customers they share, where each contact stands
(:mod:`playbook_gen.state`), and the team they plan with (:mod:`playbook_gen.team`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .book import Book, ColleagueAsk
from .method import any_match
from .model import Contact, Customer, PastAsk
from .playbook import Edge, Playbook, Profile, ProfileCache, load_playbook
from .problems import PlaybookError, Problem, errors
from .state import contact_state
from .team import Team, team_of


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
        raise PlaybookError([Problem("docs/salespeople", None, 'no salesperson: add docs/salespeople/<id>.md (playbook-gen new salesperson "Full Name")')])
    raise PlaybookError(
        [
            Problem(
                "mkdocs.yml",
                None,
                f"several salespeople ({', '.join(ids)}): choose one with the plugin option 'salesperson', PLAYBOOK_SALESPERSON or --salesperson",
            )
        ]
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
        return _own_book(playbook, salesperson_id, today=today, owned=_owned_by(playbook, [salesperson_id])[salesperson_id])
    return team_books(playbook, team_of(playbook, salesperson_id), today=today)[salesperson_id]


def team_books(playbook: Playbook, members: list[str], *, today: date) -> dict[str, Book]:
    """The books of one team's members, each planning with the others (a team of one: its own book)."""
    owned = _owned_by(playbook, members)
    own = {sid: _own_book(playbook, sid, today=today, owned=owned[sid]) for sid in members}
    if len(members) == 1:
        return own
    shared = Team(books=own, names={sid: playbook.salespeople[sid].data.name for sid in members})
    return {sid: replace(book, team=shared) for sid, book in own.items()}


def with_states(book: Book) -> Book:
    """The book with where each of its targets stands (:mod:`playbook_gen.state`): the last step of making one."""
    return replace(book, states={contact_id: contact_state(book, contact_id) for contact_id in book.targets})


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


@dataclass(frozen=True)
class _Owned:
    """One salesperson's own connectors and targets, and the edges between them, in the playbook's order."""

    connectors: dict[str, Profile[Customer]] = field(default_factory=dict)
    targets: dict[str, Profile[Contact]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def _owned_by(playbook: Playbook, salespeople: list[str]) -> dict[str, _Owned]:
    """What each of these salespeople owns, in one pass over the playbook (not one per salesperson)."""
    owned = {sid: _Owned() for sid in salespeople}
    for people, attribute in ((playbook.customers, "connectors"), (playbook.contacts, "targets")):
        for profile_id, profile in people.items():
            for owner in playbook.owners_of(profile):
                if owner in owned:
                    getattr(owned[owner], attribute)[profile_id] = profile
    for edge in playbook.edges:
        for owner in dict.fromkeys(playbook.owners_of(playbook.customers[edge.connector])):
            if owner in owned and edge.target in owned[owner].targets:
                owned[owner].edges.append(edge)
    return owned


def _own_book(playbook: Playbook, salesperson_id: str, *, today: date, owned: _Owned) -> Book:
    connectors, targets, edges = owned.connectors, owned.targets, tuple(owned.edges)
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
    return with_states(
        Book(
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
    )


def load_book(docs_dir: Path, *, salesperson: str | None, today: date, root: Path | None = None, profiles: ProfileCache | None = None) -> tuple[Playbook, Book]:
    """Read the repository and select one salesperson; raises PlaybookError on errors. ``profiles``: see :func:`load_playbook`."""
    playbook = load_playbook(docs_dir, root=root, profiles=profiles)
    try:
        chosen = choose_salesperson(playbook, salesperson)
    except PlaybookError as exc:
        # A broken salesperson file is the likelier cause; show it with the choice problem.
        raise PlaybookError(errors(playbook.problems) + exc.problems) from None
    return playbook, book_for(playbook, chosen, today=today)
