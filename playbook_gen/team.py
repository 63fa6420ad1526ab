"""A team: salespeople who share a connector or a contact plan together (SPEC §10).

Who plans with whom: two salespeople are in one team when a customer or a
contact names both as owners; a team is everyone linked that way, directly or
through a colleague. A salesperson who shares nothing is a team of one, and
their plan is exactly the plan of :mod:`playbook_gen.plan` alone.

The team's rules, on top of each salesperson's own (the plan's code holds them
all; this module only decides who is in a team and who pursues a shared contact):

* a connector is asked at most once per cool-down by anyone in the team, and
  when their owners' ``cooldown_weeks`` differ, the longest holds;
* in one week, two salespeople never ask the same connector: the ask for the
  higher-ranked person wins (priority, then named before role, then the
  stronger path), and on a tie the salesperson whose turn it is that week
  (the turn rotates through the team, in id order, one step a week);
* a contact owned by several is pursued by one salesperson at a time: the one
  with an ask pending or answered, else the one whose best path scores
  highest (a tie goes by a hash of the contact's and the salespeople's ids,
  so no one wins every tie).

Every build of any member computes the same team plan from the same files
and ``today``: a CI job that builds one salesperson alone agrees with
``build --all``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .asks import Claim, Hold, IntroPath, PlannedAsk, TeamPlan
from .book import Book
from .method import first_free_week, monday_of
from .paths import rank_paths
from .plan import plan_team, wanted_connectors
from .playbook import Playbook


@dataclass
class Team:
    """Salespeople who plan together: their books (same files, same ``today``) and the plan they share."""

    books: Mapping[str, Book]
    names: Mapping[str, str]
    _plans: dict[bool, TeamPlan] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> list[str]:
        return sorted(self.books)

    @cached_property
    def claims(self) -> dict[str, Claim]:
        """Every contact several members own and may still ask for, with the one member who pursues it."""
        owners: dict[str, list[str]] = {}
        for sid in self.ids:
            for contact_id in self.books[sid].targets:
                owners.setdefault(contact_id, []).append(sid)
        claims = {}
        for contact_id, sids in sorted(owners.items()):
            if len(sids) < 2 or not self.books[sids[0]].state_of(contact_id).open_for_asking:
                continue  # one owner, or an ask is pending or answered: nobody plans it
            scores = []
            for sid in sids:
                usable = [path.score for path in rank_paths(self.books[sid], contact_id) if path.usable]
                if usable:
                    scores.append((sid, max(usable)))
            if not scores:
                continue
            scores.sort(key=lambda pair: (-pair[1], _tie_break(contact_id, pair[0])))
            tie = len(scores) > 1 and scores[0][1] == scores[1][1]
            claims[contact_id] = Claim(contact_id, scores[0][0], tuple(scores), tie)
        return claims

    def plan(self, *, with_stale: bool = False) -> TeamPlan:
        """The team's plan (``with_stale``: as if every connector waiting for a reconnect had been spoken to)."""
        if with_stale not in self._plans:
            pursuers = {contact_id: claim.pursuer for contact_id, claim in self.claims.items()}
            self._plans[with_stale] = plan_team(self.books, with_stale=with_stale, pursuers=pursuers)
        return self._plans[with_stale]

    def colleague_asks_of(self, salesperson_id: str) -> list[tuple[PlannedAsk, str]]:
        """The asks colleagues plan of connectors this salesperson shares with them, with the colleague's id."""
        mine = self.books[salesperson_id].connectors
        return [(ask, sid) for sid, asks in sorted(self.plan().plans.items()) if sid != salesperson_id for ask in asks if ask.connector.id in mine]

    def holds_of(self, salesperson_id: str, *, paths: Callable[[str], list[IntroPath]] | None = None) -> list[Hold]:
        """Colleagues' planned asks of connectors this salesperson shares and could ask (SPEC §10), soonest first.

        ``paths``: the pages' cache of :func:`rank_paths`, so no path is ranked twice.
        """
        book = self.books[salesperson_id]
        wanted = wanted_connectors(book, paths=paths)
        everyone = [a for asks in self.plan().plans.values() for a in asks]
        holds = []
        for ask, sid in self.colleague_asks_of(salesperson_id):
            if ask.connector.id not in wanted:
                continue
            # Free again once this ask (and any before it) lies a whole cool-down behind.
            days = [a.date for a in ask.connector.data.asks] + [a.week for a in everyone if a.connector.id == ask.connector.id]
            days = [day for day in days if day <= ask.week]
            free = first_free_week(days, from_week=max(ask.week, monday_of(book.today)), cooldown_weeks=book.cooldown_of(ask.connector.id))
            holds.append(Hold(ask, sid, self.names[sid], free))
        return sorted(holds, key=lambda h: (h.ask.week, h.ask.connector.data.name, h.colleague))


def _tie_break(contact_id: str, salesperson_id: str) -> str:
    """An order among tied salespeople that differs from contact to contact, and is the same on every machine."""
    return hashlib.sha256(f"{contact_id}\0{salesperson_id}".encode()).hexdigest()


def team_of(playbook: Playbook, salesperson_id: str) -> list[str]:
    """Everyone who plans with this salesperson (themselves included), sorted: linked by shared customers or contacts."""
    links: dict[str, set[str]] = {sid: set() for sid in playbook.salespeople}
    for people in (playbook.customers, playbook.contacts):
        for profile in people.values():
            owners = [o for o in playbook.owners_of(profile) if o in links]
            for owner in owners:
                links[owner].update(owners)
    seen = {salesperson_id}
    todo = [salesperson_id]
    while todo:
        for other in links.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def teams(playbook: Playbook) -> list[list[str]]:
    """Every team of the repository (a salesperson who shares nothing is a team of one), in id order."""
    found: list[list[str]] = []
    placed: set[str] = set()
    for sid in sorted(playbook.salespeople):
        if sid not in placed:
            members = team_of(playbook, sid)
            placed.update(members)
            found.append(members)
    return found
