"""The sales manager's site (``playbook-gen build --team`` → ``DIR/team/``), as data: pages, files and navigation.

Like :mod:`playbook_gen.site` it knows nothing of MkDocs. It reads every
salesperson's book (planned with their team, SPEC §10) and shows, for the
whole repository: each salesperson's week, the pipeline by stage per
salesperson and in total, the introductions each connector made, each
salesperson's weekly ask rhythm over the last 12 weeks against their
``asks_per_week``, and the conflicts the team plan resolved.

It shows names, companies' people, stages and dates only: no profile body, no
``private`` key (the loader has cut them already), no email or phone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from .asks import Claim, Contention, Hold, PlannedAsk, role_person
from .book import Book
from .books import NO_SALESPERSON, ask_makers, team_books
from .generated import ROBOTS_TXT, STYLESHEET, GeneratedSite, stylesheet, template_problem
from .method import STAGE_LABELS, introduction_date, monday_of
from .pages import Page, pipeline_rows
from .plan import plan_asks
from .playbook import Playbook
from .problems import PlaybookError, Problem, errors
from .render import page_environment, title_front_matter
from .team import teams

RHYTHM_WEEKS = 12
"""How many weeks back the ask rhythm looks (this week included)."""
TEAM_NAV: list[Any] = [
    {"Team": "index.md"},
    {"Pipeline": "pipeline.md"},
    {"Introductions": "introductions.md"},
    {"Ask rhythm": "rhythm.md"},
    {"Conflicts": "conflicts.md"},
]
TEAM_ID = "team"
"""The team site's folder under the site directory, beside each salesperson's."""


@dataclass(frozen=True)
class Member:
    """One salesperson as the team site shows them."""

    id: str
    name: str
    book: Book
    plan: list[PlannedAsk]
    team: list[str]  # the names of everyone they plan with (themselves included)


@dataclass(frozen=True)
class RhythmWeek:
    week: date
    asks: int
    bar: int  # bar height in the chart's units (0–100)


@dataclass(frozen=True)
class Rhythm:
    member: Member
    goal: int
    weeks: list[RhythmWeek]
    goal_line: int  # the goal's height in the chart's units (0–100)

    @property
    def total(self) -> int:
        return sum(w.asks for w in self.weeks)

    @property
    def weeks_on_goal(self) -> int:
        return sum(1 for w in self.weeks if w.asks >= self.goal)


@dataclass(frozen=True)
class Introduction:
    connector: str
    person: str
    to: str  # the salespeople introduced to (names)
    day: date  # the introduction's own date: its ``answered``
    stage: str | None = None  # where the person stands now (None: a role-person with no contact file)


def every_book(playbook: Playbook, *, today: date) -> dict[str, Book]:
    """Every salesperson's book, each team planned once; raises PlaybookError if any profile has an error."""
    problems = errors(playbook.problems)
    if problems:
        raise PlaybookError(problems)
    return {sid: book for members in teams(playbook) for sid, book in team_books(playbook, members, today=today).items()}


def generate_team_site(playbook: Playbook, *, today: date, templates_dir: Path | None) -> GeneratedSite:
    """Every page and file of the team site."""
    books = every_book(playbook, today=today)
    if not books:
        raise PlaybookError([Problem("docs/salespeople", None, NO_SALESPERSON)])
    members = []
    for sid in sorted(books, key=lambda s: (books[s].me.name.casefold(), s)):
        book = books[sid]
        team = book.team.ids if book.team is not None else [sid]
        members.append(Member(sid, book.me.name, book, plan_asks(book), [books[t].me.name for t in team]))
    env = page_environment(templates_dir)
    week = monday_of(today)

    def render(template: str, here: str, title: str, **context: Any) -> Page:
        body = env.get_template(template).render(here=here, title=title, today=today, week=week, stage_labels=STAGE_LABELS, **context)
        return Page(src_uri=here, title=title, markdown=title_front_matter(title) + body)

    contentions, claims, holds = _conflicts(members)
    try:
        pages = [
            render(
                "team/index.md.j2",
                "index.md",
                "Team playbook",
                members=members,
                this_week={m.id: [a for a in m.plan if a.week == week] for m in members},
                conflicts=len(contentions) + len(claims) + len(holds),
            ),
            render(
                "team/pipeline.md.j2",
                "pipeline.md",
                "Pipeline",
                members=members,
                per_member={m.id: pipeline_rows(Counter(m.book.state_of(t).stage for t in m.book.targets)) for m in members},
                total=pipeline_rows(_total_stages(members)),
                contacts=len({t for m in members for t in m.book.targets}),
            ),
            render("team/introductions.md.j2", "introductions.md", "Introductions", introductions=_introductions(playbook, books)),
            render("team/rhythm.md.j2", "rhythm.md", "Ask rhythm", rhythms=[_rhythm(playbook, m, week=week) for m in members], weeks=RHYTHM_WEEKS),
            render(
                "team/conflicts.md.j2",
                "conflicts.md",
                "Conflicts",
                contentions=contentions,
                claims=claims,
                holds=holds,
                names=_names(members),
                contact_names={cid: c.data.name for cid, c in playbook.contacts.items()},
            ),
        ]
    except TemplateError as exc:
        raise PlaybookError([template_problem(exc)]) from None
    files = {"robots.txt": ROBOTS_TXT.encode(), STYLESHEET: stylesheet(templates_dir).read_bytes()}
    return GeneratedSite(salesperson_id=TEAM_ID, pages=pages, files=files, nav=list(TEAM_NAV), warnings=playbook.problems_for(None))


def _names(members: list[Member]) -> dict[str, str]:
    return {m.id: m.name for m in members}


def _total_stages(members: list[Member]) -> Counter[str]:
    """Each contact once, however many salespeople own it (the state is the same in each of their books)."""
    seen: dict[str, str] = {}
    for member in members:
        for contact_id in member.book.targets:
            seen.setdefault(contact_id, member.book.state_of(contact_id).stage)
    return Counter(seen.values())


def _introductions(playbook: Playbook, books: dict[str, Book]) -> list[tuple[str, list[Introduction]]]:
    """Per connector, every introduction recorded in their ``asks`` (``result: introduced``), oldest first, on its own date.

    The same introductions, with the same dates and stages, as each customer page's ledger.
    """
    by_connector = []
    for connector in sorted(playbook.customers.values(), key=lambda c: (c.data.name.casefold(), c.id)):
        made = []
        for ask in connector.data.asks:
            if ask.result != "introduced":
                continue
            if ask.contact is not None:
                target = playbook.contacts.get(ask.contact)
                person = target.data.name if target is not None else ask.contact
            else:
                person = role_person(connector.data.name, ask.role or "")
            makers = [s for s in ask_makers(playbook, connector, ask) if s in playbook.salespeople]
            to = " and ".join(playbook.salespeople[s].data.name for s in makers)
            book = next((books[s] for s in makers if s in books and ask.contact in books[s].targets), None)
            stage = STAGE_LABELS[book.state_of(ask.contact).stage] if book is not None and ask.contact is not None else None
            made.append(Introduction(connector.data.name, person, to, introduction_date(ask), stage))
        if made:
            by_connector.append((connector.data.name, sorted(made, key=lambda i: (i.day, i.person))))
    return by_connector


def _rhythm(playbook: Playbook, member: Member, *, week: date) -> Rhythm:
    """Asks recorded per week by this salesperson over the last 12 weeks (this one included), against ``asks_per_week``."""
    first = week - timedelta(weeks=RHYTHM_WEEKS - 1)
    counts: Counter[date] = Counter()
    for connector in member.book.connectors.values():
        for ask in connector.data.asks:
            if first <= ask.date < week + timedelta(weeks=1) and member.id in ask_makers(playbook, connector, ask):
                counts[monday_of(ask.date)] += 1
    goal = member.book.me.asks_per_week
    top = max([goal, *counts.values()])
    weeks = [first + timedelta(weeks=n) for n in range(RHYTHM_WEEKS)]
    return Rhythm(member, goal, [RhythmWeek(w, counts[w], round(100 * counts[w] / top)) for w in weeks], round(100 * goal / top))


def _conflicts(members: list[Member]) -> tuple[list[Contention], list[Claim], list[tuple[Member, Hold]]]:
    """What the team plan settled: connectors two salespeople wanted in one week, shared contacts, colleagues' asks that rest a connector."""
    contentions: list[Contention] = []
    claims: list[Claim] = []
    seen: set[int] = set()
    for member in members:
        team = member.book.team
        if team is None or id(team) in seen:
            continue
        seen.add(id(team))
        contentions += team.plan().contentions
        claims += team.claims.values()
    holds = [(m, hold) for m in members if m.book.team is not None for hold in m.book.team.holds_of(m.id)]
    return (
        sorted(contentions, key=lambda c: (c.week, c.connector.data.name)),
        sorted(claims, key=lambda c: c.contact_id),
        sorted(holds, key=lambda pair: (pair[1].ask.week, pair[0].name, pair[1].ask.connector.data.name)),
    )
