"""The weekly ask plan: which connector to ask for which ONE person, week by week.

Hard rules (SPEC §1, issue 3), each checked by ``tests/test_plan*.py``:

* every ask is one connector → exactly one person: a named contact or one
  role-person of the connector;
* the week counts what was done: the asks this salesperson already recorded
  in a week (by their ``date``) count against its ``asks_per_week``
  (:func:`asks_left`), so a week whose asks are made plans no more;
* one person at a time per connector: a connector with an open ask (pending
  or checking) is not planned again until it is answered (:func:`waiting_for`);
* cool-down: a connector may be asked in the week starting Monday W only if
  every other ask of theirs — recorded in ``asks`` (any result) or planned —
  is at least ``cooldown_weeks`` weeks away from W, before or after;
* a contact is planned at most once, and only while open for asking (see
  :func:`open_for_asking`): never with a pending ask, never after an
  introduction, never in a stage after ``asked``;
* ``do_not_ask`` connectors are never asked; other salespeople's profiles are
  not in the book at all;
* a connector who declined (or has pending, or made) an introduction to a
  person is never asked for that person again;
* role asks only for the salesperson's ``target_roles``, told with a
  ``reference: true`` customer of that role whose project finished by today
  and at most 180 days before the ask, asked of connectors whose ``their``
  lists the role (never of the reference customer whose story it is).

Order: each week takes, of everyone still waiting, the best set of people
that distinct free connectors can cover, at most ``asks_per_week`` of them:
priority 1 before 2 before 3, named asks before role asks of the same
priority, then the stronger best path, then the id. Within that set, the
higher-ranked person gets their strongest free path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .asks import Contention, IntroPath, PlannedAsk, TeamPlan, role_person
from .book import Book
from .method import (
    PROJECT_WINDOW_DAYS,
    any_match,
    cooled_down,
    first_free_week,
    is_open,
    monday_of,
    needs_reconnect,
    open_ask,
    same_text,
    story_may_be_told,
    text_key,
)
from .model import Contact, Customer, PastAsk
from .paths import blocked_reason, rank_paths
from .playbook import Profile

ROLE_ASK_PRIORITY = 2
"""Role asks queue with priority-2 targets, after named asks of the same priority."""
CLOSING_RESULTS = ("pending", "checking", "introduced", "declined")
"""A connector with an ask of one of these results for a person is not asked for that person again."""


def made_in_week(book: Book, week: date) -> list[tuple[Profile[Customer], PastAsk]]:
    """The asks this salesperson recorded in the week starting ``week`` (by their ``date``), oldest first.

    In a team, the asks a colleague made of a connector you share are theirs, not yours.
    """
    end = week + timedelta(days=6)
    made = [
        (connector, ask)
        for connector in book.connectors.values()
        for ask in connector.data.asks
        if week <= ask.date <= end and not book.made_by_colleague(connector.id, ask)
    ]
    return sorted(made, key=lambda pair: (pair[1].date, pair[0].id))


def asks_left(book: Book, week: date) -> int:
    """How many asks the week starting ``week`` still holds: ``asks_per_week`` minus the asks already made in it."""
    return max(book.me.asks_per_week - len(made_in_week(book, week)), 0)


def waiting_for(book: Book, connector_id: str) -> PastAsk | None:
    """The open ask (pending or checking) a connector has not answered yet: the plan asks them nothing else meanwhile."""
    return open_ask(book.connectors[connector_id].data)


@dataclass(frozen=True)
class _Candidate:
    """Someone the plan may ask for: one named target, or one of the salesperson's target roles."""

    rank: tuple[int, int, int, str]  # priority, named before role, −best score (role: listing order), id
    contact: Profile[Contact] | None = None
    role: str | None = None
    paths: tuple[IntroPath, ...] = ()


@dataclass(frozen=True)
class _Option:
    """One free connector who could be asked for a candidate this week."""

    connector: Profile[Customer]
    path: IntroPath | None = None
    reference: Profile[Customer] | None = None


Options = Callable[[int], tuple[_Option, ...]]
"""A candidate's options this week, by the candidate's index in the waiting list."""


def plan_asks(book: Book) -> list[PlannedAsk]:
    """The asks of the next ``weeks_ahead`` weeks, from the Monday of the week holding today.

    A connector who needs a reconnect (no contact for more than 180 days) is not
    asked until you have spoken again: :func:`held_for_reconnect` says which
    asks wait for that.
    """
    return _plan(book, with_stale=False)


def held_for_reconnect(book: Book) -> list[PlannedAsk]:
    """The asks the plan would make of connectors who need a reconnect first, in the weeks it would make them."""
    if not any(needs_reconnect(c.data.last_contact, today=book.today) for c in book.connectors.values()):
        return []  # nobody waits for a reconnect: no second plan to make
    return [ask for ask in _plan(book, with_stale=True) if needs_reconnect(ask.connector.data.last_contact, today=book.today)]


def _plan(book: Book, *, with_stale: bool) -> list[PlannedAsk]:
    """One salesperson's plan: their slice of their team's plan (a team of one when they share nothing)."""
    if book.team is not None:
        return book.team.plan(with_stale=with_stale).plans[book.salesperson.id]
    return plan_team({book.salesperson.id: book}, with_stale=with_stale).plans[book.salesperson.id]


def plan_team(books: Mapping[str, Book], *, with_stale: bool, pursuers: Mapping[str, str] | None = None) -> TeamPlan:
    """The plan of salespeople who share connectors or contacts, made week by week for all of them at once.

    ``books`` are the members' own books (same files, same ``today``);
    ``pursuers`` names, for each shared contact, the one member who may ask
    for them (:class:`playbook_gen.team.Team` decides). Each member's week is
    chosen by the rules of one salesperson; a connector two members chose in
    the same week goes to the higher-ranked ask (see :func:`_settle`), and
    every ask, recorded or planned, rests the connector for the longest
    cool-down among their owners (:meth:`Book.cooldown_of`).
    """
    ids = sorted(books)
    first = books[ids[0]]
    today = first.today
    connectors: dict[str, tuple[Profile[Customer], int]] = {}
    for sid in ids:
        for cid, connector in books[sid].connectors.items():
            connectors[cid] = (connector, books[sid].cooldown_of(cid))
    asked_on = {
        cid: [ask.date for ask in connector.data.asks]
        for cid, (connector, _) in connectors.items()
        if (with_stale or not needs_reconnect(connector.data.last_contact, today=today)) and open_ask(connector.data) is None
    }
    waiting = {sid: sorted(_named_candidates(books[sid], pursuers or {}) + _role_candidates(books[sid]), key=lambda c: c.rank) for sid in ids}
    role_asked: set[tuple[str, str]] = set()  # (connector id, role key) already planned, by anyone
    plans: dict[str, list[PlannedAsk]] = {sid: [] for sid in ids}
    contentions: list[Contention] = []
    for offset in range(max(books[sid].me.weeks_ahead for sid in ids)):
        week = monday_of(today) + timedelta(weeks=offset)
        free = frozenset(cid for cid, days in asked_on.items() if cooled_down(days, week=week, cooldown_weeks=connectors[cid][1]))
        turn = [ids[(position + offset) % len(ids)] for position in range(len(ids))]
        active = [sid for sid in turn if offset < books[sid].me.weeks_ahead]
        limits = {sid: asks_left(books[sid], week) for sid in active}
        chosen, contested = _settle(books, waiting, active, week=week, free=free, role_asked=frozenset(role_asked), limits=limits)
        for sid in active:
            for index, option in chosen[sid]:
                ask = _ask(waiting[sid][index], option, week=week)
                plans[sid].append(ask)
                asked_on[option.connector.id].append(week)
                if ask.role is not None:
                    role_asked.add((option.connector.id, text_key(ask.role)))
            asked_for = {index for index, _ in chosen[sid] if waiting[sid][index].contact is not None}
            waiting[sid] = [candidate for index, candidate in enumerate(waiting[sid]) if index not in asked_for]
        for cid, (winner, others) in sorted(contested.items()):
            kept = next((a for a in plans[winner] if a.week == week and a.connector.id == cid), None)
            if kept is not None:  # the winner still asks them (a later change of their week may have let it go)
                contentions.append(Contention(week, connectors[cid][0], winner, kept, others))
    return TeamPlan(plans, tuple(contentions))


Choice = list[tuple[int, "_Option"]]


def _settle(
    books: Mapping[str, Book],
    waiting: Mapping[str, list[_Candidate]],
    active: list[str],
    *,
    week: date,
    free: frozenset[str],
    role_asked: frozenset[tuple[str, str]],
    limits: Mapping[str, int],
) -> tuple[dict[str, Choice], dict[str, tuple[str, tuple[str, ...]]]]:
    """Each active member's asks this week, no connector asked by two of them.

    Every member chooses as if alone; where two chose one connector, the ask
    for the higher-ranked person keeps them (priority, named before role, the
    stronger path, then turn order) and the others choose again without that
    connector, until no connector is chosen twice. Connectors are only ever
    taken away, so this ends.
    """
    banned: dict[str, set[str]] = {sid: set() for sid in active}
    contested: dict[str, tuple[str, tuple[str, ...]]] = {}
    while True:
        chosen: dict[str, Choice] = {}
        for sid in active:
            options = _options_this_week(books[sid], tuple(waiting[sid]), week=week, free=free - banned[sid], role_asked=role_asked)
            chosen[sid] = _choose(options, count=len(waiting[sid]), limit=limits[sid])
        wanted: dict[str, list[tuple[tuple[int, int, int, int], str]]] = {}
        for position, sid in enumerate(active):
            for index, option in chosen[sid]:
                candidate = waiting[sid][index]
                strength = option.path.score if option.path is not None else 0
                wanted.setdefault(option.connector.id, []).append(((candidate.rank[0], candidate.rank[1], -strength, position), sid))
        clashes = {cid: sorted(claims) for cid, claims in wanted.items() if len(claims) > 1}
        if not clashes:
            return chosen, contested
        for cid, claims in clashes.items():
            winner = claims[0][1]
            others = tuple(sid for _, sid in claims[1:])
            previous = contested.get(cid, (winner, ()))[1]
            contested[cid] = (winner, previous + tuple(o for o in others if o not in previous))
            for sid in others:
                banned[sid].add(cid)


@dataclass(frozen=True)
class Resting:
    """A connector the week cannot ask, and until when (or for which later ask they are kept)."""

    name: str  # the connector's name
    kind: str  # "rests" until ``day``, or "kept" for a later ask in the week of ``day``
    day: date
    cooldown: int  # the connector's cool-down in weeks (the longest of their owners')
    colleague: str | None = None  # the colleague whose planned ask rests or keeps them, when it is not yours
    asked: date | None = None  # the week of that colleague's ask


@dataclass(frozen=True)
class Waiting:
    """A connector the plan asks nothing else until they answer an open ask (pending or checking)."""

    connector: Profile[Customer]
    ask: PastAsk
    person: str  # the one person of that ask, as said of the connector ("Dana Ruiz", "their accountant")
    by: tuple[str, ...] = ()  # the colleagues who made that ask, for a connector you share (empty: yours)


@dataclass(frozen=True)
class WeekGap:
    """Why a week of the plan holds fewer asks than it could, and what would fill it."""

    resting: tuple[Resting, ...]
    reconnect: tuple[Profile[Customer], ...]  # connectors who wait for a reconnect, by name
    no_path: tuple[str, ...]  # open targets nobody may introduce
    nobody_left: bool  # every target is asked, introduced or further on
    waiting: tuple[Waiting, ...] = ()  # connectors who have not answered an open ask yet
    made: tuple[tuple[Profile[Customer], PastAsk], ...] = ()  # the asks already made this week
    done: bool = False  # the week's asks_per_week are made: the plan offers no more this week


def week_gap(book: Book, plan: list[PlannedAsk], week: date, *, paths: Callable[[str], list[IntroPath]] | None = None) -> WeekGap:
    """The reasons a week is not full, from the same rules the plan follows (``paths``: a cache of :func:`rank_paths`).

    A colleague's planned ask of a connector you share rests them for you too: it is named with the colleague.
    """
    paths = paths or (lambda contact_id: rank_paths(book, contact_id))
    asked_on: dict[str, list[tuple[date, str | None]]] = {cid: [(ask.date, None) for ask in c.data.asks] for cid, c in book.connectors.items()}
    for ask in plan:
        asked_on[ask.connector.id].append((ask.week, None))
    if book.team is not None:
        for ask, sid in book.team.colleague_asks_of(book.salesperson.id):
            asked_on[ask.connector.id].append((ask.week, book.team.names[sid]))
    wanted = wanted_connectors(book, paths=paths)
    resting = []
    waiting = []
    for cid in sorted(wanted, key=lambda c: book.connectors[c].data.name):
        connector = book.connectors[cid]
        if needs_reconnect(connector.data.last_contact, today=book.today):
            continue
        unanswered = waiting_for(book, cid)
        if unanswered is not None:
            waiting.append(Waiting(connector, unanswered, _their(book, connector, unanswered), book.made_by_colleague(cid, unanswered)))
            continue
        cooldown = book.cooldown_of(cid)
        earlier = [(day, who) for day, who in asked_on[cid] if day <= week and not cooled_down([day], week=week, cooldown_weeks=cooldown)]
        later = [(day, who) for day, who in asked_on[cid] if day > week and not cooled_down([day], week=week, cooldown_weeks=cooldown)]
        name = connector.data.name
        if earlier:
            free = first_free_week([day for day, _ in earlier], from_week=week, cooldown_weeks=cooldown)
            day, who = max(earlier, key=lambda pair: (pair[0], pair[1] is None))
            resting.append(Resting(name, "rests", free, cooldown, who, day if who else None))
        elif later:
            day, who = min(later, key=lambda pair: (pair[0], pair[1] is not None))
            resting.append(Resting(name, "kept", day, cooldown, who, day if who else None))
    reconnect = tuple(
        sorted((c for cid in wanted if needs_reconnect((c := book.connectors[cid]).data.last_contact, today=book.today)), key=lambda c: (c.data.name, c.id))
    )
    open_targets = [t for t in book.targets.values() if planned_by_me(book, t.id)]
    no_path = tuple(sorted(t.data.name for t in open_targets if not any(p.usable for p in paths(t.id))))
    return WeekGap(
        tuple(resting),
        reconnect,
        no_path,
        nobody_left=not open_targets and not book.me.target_roles,
        waiting=tuple(waiting),
        made=tuple(made_in_week(book, week)),
        done=asks_left(book, week) == 0,
    )


def wanted_connectors(book: Book, *, paths: Callable[[str], list[IntroPath]] | None = None) -> set[str]:
    """The connectors the plan could use: a usable path to someone you may ask for, or a role-person of a target role."""
    paths = paths or (lambda contact_id: rank_paths(book, contact_id))
    wanted = {path.connector.id for t in book.targets if planned_by_me(book, t) for path in paths(t) if path.usable}
    return wanted | {c.id for role in book.me.target_roles for c in _role_connectors(book, role)}


def planned_by_me(book: Book, contact_id: str) -> bool:
    """Open for asking, and not a shared contact a colleague pursues (:mod:`playbook_gen.team`)."""
    if not open_for_asking(book, contact_id):
        return False
    claim = book.team.claims.get(contact_id) if book.team is not None else None
    return claim is None or claim.pursuer == book.salesperson.id


def open_for_asking(book: Book, contact_id: str) -> bool:
    """May the plan ask for this contact at all (paths aside)? The contact's effective state decides (:mod:`playbook_gen.state`)."""
    return book.state_of(contact_id).open_for_asking


def ask_refusal(book: Book, connector_id: str, *, contact_id: str | None = None, role: str | None = None, on: date) -> str | None:
    """The rule of the method an ask of this connector for this one person, made on ``on``, breaks; None if the plan could make it.

    The same rules the plan follows (``record ask`` refuses what the plan would never do):
    ``do_not_ask``, one person at a time per connector (an earlier ask still open), the
    cool-down, one person through one connector at a time, never again after ``declined``,
    a role ask only with a reference story, and the week's ``asks_per_week``.
    """
    connector = book.connectors[connector_id]
    name = connector.data.name
    if connector.data.do_not_ask:
        return f"{name} is marked do_not_ask: never ask them"
    unanswered = waiting_for(book, connector_id)
    if unanswered is not None:
        state = "checking with them first" if unanswered.result == "checking" else "pending"
        return (
            f"{name} has not answered your ask for {_their(book, connector, unanswered)} of {unanswered.date.isoformat()} ({state}); "
            "a connector is asked for one person at a time: record their answer first"
        )
    asked_on = [ask.date for ask in connector.data.asks]
    cooldown = book.cooldown_of(connector_id)
    if not cooled_down(asked_on, week=on, cooldown_weeks=cooldown):
        last = min(asked_on, key=lambda day: abs((on - day).days))  # the ask that is too close
        free = first_free_week(asked_on, from_week=monday_of(on), cooldown_weeks=cooldown)
        return f"{name} was asked on {last.isoformat()}, inside the {cooldown}-week cool-down; ask them again from the week of {free.isoformat()}"
    rule = _named_refusal(book, connector, contact_id) if contact_id is not None else _role_refusal(book, connector, role or "", on=on)
    return rule or _week_refusal(book, on)


def _named_refusal(book: Book, connector: Profile[Customer], contact_id: str) -> str | None:
    name = connector.data.name
    person = book.targets[contact_id].data.name
    blocked = blocked_reason(connector.data, contact_id)
    if blocked is not None:
        return f"{name} was asked for {person} before: {blocked}"
    elsewhere = [(c, ask) for c, ask in book.asks_for(contact_id) if is_open(ask) and c.id != connector.id]
    if elsewhere:
        other, ask = elsewhere[0]
        return f"{person} is already being asked for through {other.data.name} (open since {ask.date.isoformat()}); one person through one connector at a time"
    colleagues = [c for c in book.colleague_asks.get(contact_id, ()) if is_open(c.ask)]
    if colleagues:
        by = " and ".join(colleagues[0].by) or "a colleague"
        return (
            f"{person} is already being asked for by {by} (open since {colleagues[0].ask.date.isoformat()}); "
            "a contact you share is pursued by one salesperson at a time"
        )
    if not open_for_asking(book, contact_id):
        stage = book.targets[contact_id].data.stage
        return f"{person} is at stage {stage}: the introduction is past asking for"
    return None


def _role_refusal(book: Book, connector: Profile[Customer], role: str, *, on: date) -> str | None:
    name = connector.data.name
    blocked = role_blocked_reason(connector.data, role)
    if blocked is not None:
        return f"{name} was {blocked}: never ask again for the same person"
    if not any_match(connector.data.their, [role]):
        return f"{name}'s profile lists no {role} under 'their': a role ask names one of the connector's own people"
    if not [r for r in _references(book, role, week=on) if r.id != connector.id]:
        return (
            f"no reference story for a {role}: a role ask needs a customer with reference: true, role {role} "
            f"and a recent_project finished in the last {PROJECT_WINDOW_DAYS} days"
        )
    return None


def _week_refusal(book: Book, on: date) -> str | None:
    """Two asks a week (``asks_per_week``): the asks already made in the week of ``on`` count."""
    week = monday_of(on)
    if asks_left(book, week) > 0:
        return None
    made = made_in_week(book, week)
    listed = ", ".join(f"{asked_of(book, c, a)} ({a.date.isoformat()})" for c, a in made)
    limit = book.me.asks_per_week
    return (
        f"the week of {week.isoformat()} already has its {limit} ask{'s' if limit != 1 else ''} "
        f"(asks_per_week: {limit}): {listed}; the next asks are for the week of {(week + timedelta(weeks=1)).isoformat()}"
    )


def asked_of(book: Book, connector: Profile[Customer], ask: PastAsk) -> str:
    """An ask in a few words: "Greta Hansen for Dana Ruiz", "Marcus Webb for their accountant"."""
    return f"{connector.data.name} for {_their(book, connector, ask)}"


def _their(book: Book, connector: Profile[Customer], ask: PastAsk) -> str:
    """The one person as said of the connector: "Dana Ruiz", "their accountant"."""
    return person_asked_for(book, ask, connector_name=connector.data.name) if ask.contact is not None else f"their {ask.role}"


def person_asked_for(book: Book, ask: PastAsk, *, connector_name: str) -> str:
    """The one person of a past ask, as the salesperson's pages name them."""
    if ask.contact is not None:
        target = book.targets.get(ask.contact)
        return target.data.name if target else "a colleague's contact"  # not yours: their name is not on your pages
    return role_person(connector_name, ask.role or "")


def role_blocked_reason(connector: Customer, role: str) -> str | None:
    """Why this connector is never asked for their ``role``, or None."""
    if connector.do_not_ask:
        return "marked do not ask"
    for ask in sorted(connector.asks, key=lambda ask: ask.date, reverse=True):
        if same_text(ask.role, role) and ask.result in CLOSING_RESULTS:
            return f"asked for their {ask.role} on {ask.date.isoformat()} ({ask.result})"
    return None


def _references(book: Book, role: str, *, week: date) -> list[Profile[Customer]]:
    """Reference customers whose story may be told in a role ask that week: the newest project first, then by id."""
    references = []
    for customer in sorted(book.connectors.values(), key=lambda c: (-_finished_ordinal(c.data), c.id)):
        data = customer.data
        if not (data.reference and same_text(data.role, role) and data.recent_project is not None):
            continue
        if story_may_be_told(data.recent_project.finished, today=book.today, week=week):
            references.append(customer)
    return references


def _finished_ordinal(customer: Customer) -> int:
    return customer.recent_project.finished.toordinal() if customer.recent_project else 0


def _named_candidates(book: Book, pursuers: Mapping[str, str]) -> list[_Candidate]:
    """Everyone open for asking with a usable path; a shared contact only for the one colleague who pursues them."""
    candidates = []
    for target in book.targets.values():
        if not open_for_asking(book, target.id) or pursuers.get(target.id, book.salesperson.id) != book.salesperson.id:
            continue
        paths = tuple(path for path in rank_paths(book, target.id) if path.usable)
        if paths:
            candidates.append(_Candidate(rank=(target.data.priority, 0, -paths[0].score, target.id), contact=target, paths=paths))
    return candidates


def _role_candidates(book: Book) -> list[_Candidate]:
    roles: dict[str, str] = {}
    for role in book.me.target_roles:
        roles.setdefault(text_key(role), role)  # "Accountant" and "accountant" are one role
    return [_Candidate(rank=(ROLE_ASK_PRIORITY, 1, order, key), role=role) for order, (key, role) in enumerate(roles.items()) if key]


def _options_this_week(book: Book, waiting: tuple[_Candidate, ...], *, week: date, free: frozenset[str], role_asked: frozenset[tuple[str, str]]) -> Options:
    """Each candidate's options this week, worked out only for the ones the week looks at (it stops once full)."""

    @cache
    def options(index: int) -> tuple[_Option, ...]:
        return _options(book, waiting[index], week=week, free=free, role_asked=role_asked)

    return options


def _options(book: Book, candidate: _Candidate, *, week: date, free: frozenset[str], role_asked: frozenset[tuple[str, str]]) -> tuple[_Option, ...]:
    """The free connectors who could be asked for this candidate this week, best first."""
    if candidate.contact is not None:
        return tuple(_Option(path.connector, path=path) for path in candidate.paths if path.connector.id in free)
    role = candidate.role or ""
    references = _references(book, role, week=week)
    options = []
    for connector in _role_connectors(book, role):
        if connector.id not in free or (connector.id, text_key(role)) in role_asked:
            continue
        reference = next((r for r in references if r.id != connector.id), None)
        if reference is not None:
            options.append(_Option(connector, reference=reference))
    return tuple(options)


def _role_connectors(book: Book, role: str) -> list[Profile[Customer]]:
    """Connectors who have a ``role`` and may be asked for them: the better you know them, the earlier."""
    return [
        connector
        for connector in sorted(book.connectors.values(), key=lambda c: (-c.data.relationship, c.id))
        if any_match(connector.data.their, [role]) and role_blocked_reason(connector.data, role) is None
    ]


def _choose(options: Options, *, count: int, limit: int) -> list[tuple[int, _Option]]:
    """This week's asks: the best set of candidates distinct connectors can cover, then their connectors.

    Candidates are taken in rank order whenever a matching of everyone taken
    so far to distinct connectors still exists (the greedy rule is optimal
    here because matchable sets form a matroid), so a priority-1 contact is
    never pushed out by a lower one. Then each taken candidate, best first,
    gets its best option that still leaves the others a connector.
    """
    chosen = _matchable(range(count), options, taken=frozenset(), limit=limit)
    taken: set[str] = set()
    assigned: list[tuple[int, _Option]] = []
    for position, index in enumerate(chosen):
        rest = chosen[position + 1 :]
        for option in options(index):
            cid = option.connector.id
            if cid in taken:
                continue
            if len(_matchable(rest, options, taken=frozenset(taken | {cid}), limit=len(rest))) == len(rest):
                taken.add(cid)
                assigned.append((index, option))
                break
    return assigned


def _matchable(indices: Iterable[int], options: Options, *, taken: frozenset[str], limit: int) -> list[int]:
    """The candidates, in order, that can each get a distinct free connector (augmenting paths)."""
    holder: dict[str, int] = {}
    matched: list[int] = []
    for index in indices:
        if len(matched) == limit:
            break
        if _augment(index, set(), options=options, holder=holder, taken=taken):
            matched.append(index)
    return matched


def _augment(index: int, seen: set[str], *, options: Options, holder: dict[str, int], taken: frozenset[str]) -> bool:
    """Whether candidate ``index`` gets a free connector, moving those already matched along (``holder``: connector → candidate).

    A function of the module, not one nested in :func:`_matchable`: a nested function that calls itself is a
    reference cycle, which would keep the whole book alive until the cyclic collector runs.
    """
    # Recursion only passes through candidates already matched: never deeper than asks_per_week.
    for option in options(index):
        cid = option.connector.id
        if cid in taken or cid in seen:
            continue
        seen.add(cid)
        if cid not in holder or _augment(holder[cid], seen, options=options, holder=holder, taken=taken):
            holder[cid] = index
            return True
    return False


def _ask(candidate: _Candidate, option: _Option, *, week: date) -> PlannedAsk:
    if candidate.contact is not None:
        return PlannedAsk(week=week, connector=option.connector, form="named", contact=candidate.contact, path=option.path)
    return PlannedAsk(week=week, connector=option.connector, form="role", role=candidate.role, reference=option.reference)
