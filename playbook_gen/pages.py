"""Page contexts, rendered to Markdown through the Jinja2 templates.

Each generated page is a :class:`Page`: its source path (the URL MkDocs gives
it), its title as plain text, its Markdown, and the profile its edit link
opens. The contexts each template receives are documented in
``manual/docs/templates.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .attention import AttentionItem, attention, person_asked_for
from .book import Book
from .edit.commands import record_answer_command, record_ask_command, record_thanked_command
from .method import FOLLOW_UP_AFTER_DAYS, LADDER, STAGE_LABELS, any_match, monday_of, opportunity_score, rated_outcomes
from .model import STAGES, Contact, Outcome, PastAsk
from .paths import IntroPath, rank_paths
from .plan import PlannedAsk, held_for_reconnect, week_gap
from .playbook import Edge, Profile
from .profiles import public_body
from .render import NotesRenderer, html_attr, title_front_matter
from .scripts import Scripts, context_for, write_scripts
from .team import Hold


@dataclass(frozen=True)
class Page:
    """One generated page."""

    src_uri: str
    title: str
    markdown: str
    edit_uri: str | None = None


@dataclass(frozen=True)
class _Anchored:
    """A section of a page with its own anchor (an ask, a follow-up, a thank-you)."""

    anchor: str

    @property
    def heading_attrs(self) -> Markup:
        """``{#anchor}`` for the attr_list extension (Jinja reads a literal ``{#`` as a comment)."""
        return Markup(f"{{#{self.anchor}}}")


@dataclass(frozen=True, kw_only=True)
class AskView(_Anchored):
    """A planned ask with its scripts, as the pages show it."""

    ask: PlannedAsk
    scripts: Scripts
    salesperson: str = ""  # whose plan this ask is in

    @property
    def record_command(self) -> str:
        """``playbook-gen record ask …``: pasted in the repository once the ask is made, it writes it down."""
        shared = len(self.ask.connector.owners) > 1  # several salespeople: the command says who asks
        return record_ask_command(
            self.ask.connector.id, contact_id=self.ask.contact.id if self.ask.contact else None, role=self.ask.role,
            salesperson=self.salesperson if shared else None,
        )

    @property
    def mailto_href(self) -> Markup:
        """The email's ``mailto:`` URL, ready for an ``href`` attribute."""
        return html_attr(self.scripts.mailto)

    @property
    def connector_uri(self) -> str:
        return f"customers/{self.ask.connector.id}.md"

    @property
    def contact_uri(self) -> str | None:
        return f"contacts/{self.ask.contact.id}.md" if self.ask.contact else None


@dataclass(frozen=True, kw_only=True)
class PastAskView(_Anchored):
    """An ask from a connector's history that needs a follow-up or a thank-you."""

    ask: PastAsk
    person: str
    scripts: Scripts
    connector_id: str

    @property
    def answer_command(self) -> str:
        """``playbook-gen record answer …`` for this pending ask (``introduced`` shown; ``declined``, ``no-answer`` the others)."""
        return record_answer_command(self.connector_id, contact_id=self.ask.contact, role=self.ask.role)

    @property
    def thanked_command(self) -> str:
        """``playbook-gen record thanked …``: ends this introduction's thank-you reminder."""
        return record_thanked_command(self.connector_id, contact_id=self.ask.contact, role=self.ask.role)

    @property
    def follow_up_href(self) -> Markup:
        """The follow-up email's ``mailto:`` URL, ready for an ``href`` attribute."""
        return html_attr(self.scripts.follow_up_mailto)


@dataclass(frozen=True)
class HistoryView:
    """One past ask of a connector, naming the one person as the salesperson knows them."""

    ask: PastAsk
    person: str
    contact_uri: str | None
    by: str | None = None  # the colleague(s) who made it, for a connector you share


@dataclass(frozen=True)
class PursuitView:
    """A contact you share whom a colleague pursues (SPEC §10): nobody else asks for them meanwhile."""

    colleague: str
    why: str  # "asked", "introduced" or "best path"
    since: date | None = None  # the colleague's ask (asked, introduced)
    week: date | None = None  # the week the colleague's plan asks for them (best path)
    theirs: int | None = None  # the colleague's best path score
    yours: int | None = None  # your best path score
    tie: bool = False


@dataclass(frozen=True)
class RungView:
    """One step of the stage ladder, and where the target stands on it."""

    stage: str
    label: str
    goal: str
    move_on_when: str
    state: str  # "done", "current" or "todo"
    marker: str  # what the page prints before the step: "Done", "Now", "Next" or "Later"


@dataclass(frozen=True)
class OutcomeView:
    statement: str
    importance: int
    satisfaction: int
    score: int
    band: str


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int
    bar: int  # bar length in the chart's units (0–100)


@dataclass
class PageMaker:
    """Renders every page of one book; holds the compiled templates for the whole build."""

    book: Book
    plan: list[PlannedAsk]
    pages_env: Environment
    text_env: Environment
    _ask_views: dict[str, AskView] = field(default_factory=dict)
    # Worked out once per build: every page that needs them reads the same lists.
    _attention: list[AttentionItem] = field(default_factory=list)
    _paths: dict[str, list[IntroPath]] = field(default_factory=dict)
    _asks_for: dict[str, list[tuple[Profile[Any], PastAsk]]] = field(default_factory=dict)
    _edges_of: dict[str, list[Edge]] = field(default_factory=dict)  # by connector: each customer page lists its own
    _holds: list[Hold] = field(default_factory=list)  # colleagues' planned asks of connectors you share
    notes: NotesRenderer = field(default_factory=NotesRenderer)
    anchor_of: Callable[[str], str] = str  # an encrypted site's anchors name nobody (addresses.Addresses.anchor)

    def __post_init__(self) -> None:
        for ask in self.plan:
            self._ask_views[ask.key] = self._ask_view(ask)
        self._attention = attention(self.book)
        if self.book.team is not None:
            self._holds = self.book.team.holds_of(self.book.salesperson.id, paths=self.paths_to)
        for edge in self.book.edges:
            self._edges_of.setdefault(edge.connector, []).append(edge)
        for connector in self.book.connectors.values():
            for ask in connector.data.asks:
                if ask.contact is not None:
                    self._asks_for.setdefault(ask.contact, []).append((connector, ask))

    def paths_to(self, contact_id: str) -> list[IntroPath]:
        """The ranked introduction paths to one target (ranked once per build)."""
        if contact_id not in self._paths:
            self._paths[contact_id] = rank_paths(self.book, contact_id)
        return self._paths[contact_id]

    # -- shared pieces -------------------------------------------------

    def _ask_view(self, ask: PlannedAsk) -> AskView:
        context = context_for(ask, self.book.me)
        scripts = write_scripts(self.text_env, context, connector_email=ask.connector.data.email)
        who = ask.contact.id if ask.contact else "your-" + "-".join(ask.role.lower().split()) if ask.role else "ask"
        anchor = f"ask-{ask.week.isoformat()}-{self.anchor_of(_anchor_safe(who))}"
        return AskView(ask=ask, scripts=scripts, anchor=anchor, salesperson=self.book.salesperson.id)

    def asks_of(self, connector_id: str) -> list[AskView]:
        return [view for view in self._ask_views.values() if view.ask.connector.id == connector_id]

    def ask_for(self, contact_id: str) -> AskView | None:
        return next((v for v in self._ask_views.values() if v.ask.contact and v.ask.contact.id == contact_id), None)

    def _render(self, template: str, *, here: str, title: str, edit_uri: str | None = None, **context: Any) -> Page:
        body = self.pages_env.get_template(template).render(
            here=here, title=title, me=self.book.me, salesperson_id=self.book.salesperson.id, record_answer_command=record_answer_command,
            today=self.book.today, stage_labels=STAGE_LABELS, **context
        )
        return Page(src_uri=here, title=title, markdown=title_front_matter(title) + body, edit_uri=edit_uri)

    # -- pages ---------------------------------------------------------

    def home(self, *, intro_markdown: str | None) -> Page:
        intro, heading = _split_intro(intro_markdown)
        week = monday_of(self.book.today)
        title = heading or f"{self.book.me.name}'s referral playbook"
        return self._render(
            "home.md.j2",
            here="index.md",
            title=title,
            edit_uri="index.md" if intro_markdown is not None else None,
            intro=self.notes.html(intro, here="index.md", css_class="playbook-intro") if intro else None,
            bio=self.notes.html(self.book.salesperson.notes, here="index.md"),
            week=week,
            this_week=[v for v in self._ask_views.values() if v.ask.week == week],
            done=self._done_this_week(week),
            pipeline=self.pipeline(),
            attention=self.attention_views(),
            salesperson_uri=self.book.salesperson.source.src_uri,
        )

    def asks_page(self) -> Page:
        weeks: dict[date, list[AskView]] = {}
        for view in self._ask_views.values():
            weeks.setdefault(view.ask.week, []).append(view)
        first = monday_of(self.book.today)
        week_list = [first + timedelta(weeks=n) for n in range(self.book.me.weeks_ahead)]
        held: dict[date, list[PlannedAsk]] = {}
        for ask in held_for_reconnect(self.book):
            held.setdefault(ask.week, []).append(ask)
        return self._render(
            "asks.md.j2",
            here="asks.md",
            title="Ask plan",
            weeks=weeks,
            week_list=week_list,
            held=held,
            holds=self._holds,
            pursued=sorted(
                ((self.book.targets[cid], view) for cid in self.book.targets if (view := self.pursuit(cid)) is not None and view.why == "best path"),
                key=lambda pair: (pair[0].data.name.casefold(), pair[0].id),
            ),
            gaps={week: week_gap(self.book, self.plan, week, paths=self.paths_to) for week in week_list if week not in weeks},
        )

    def customer(self, connector_id: str) -> Page:
        connector = self.book.connectors[connector_id]
        here = connector.source.src_uri
        knows = [(e, self.book.targets[e.target]) for e in self._edges_of.get(connector_id, ())]
        return self._render(
            "customer.md.j2",
            here=here,
            title=connector.data.name,
            edit_uri=here,
            connector=connector,
            customer=connector.data,
            planned=self.asks_of(connector_id),
            follow_ups=(follow_ups := self._past_views(connector_id, "follow-up")),
            waiting=self._waiting(connector, flagged=[view.ask for view in follow_ups]),
            thanks=self._past_views(connector_id, "thank-you"),
            knows=knows,
            history=self._history(connector),
            holds=[hold for hold in self._holds if hold.ask.connector.id == connector_id],
            cooldown=self.book.cooldown_of(connector_id),
            notes=self.notes.html(connector.notes, here=here),
        )

    def contact(self, contact_id: str) -> Page:
        target = self.book.targets[contact_id]
        here = target.source.src_uri
        paths = self.paths_to(contact_id)
        state = self.book.state_of(contact_id)
        pursuit = self.pursuit(contact_id)
        step = next_step(
            state.stage, connector=_name_of(state.introducer or (state.pending[-1][0] if state.pending else None)), contact_id=contact_id
        )
        if pursuit is not None and pursuit.why != "introduced":
            step = f"Leave {target.data.name} to {pursuit.colleague}: a contact you share is pursued by one salesperson at a time."
        return self._render(
            "contact.md.j2",
            here=here,
            title=target.data.name,
            edit_uri=here,
            target=target,
            contact=target.data,
            paths=paths,
            ask_now=self.ask_for(contact_id),
            pending=self._pending_for(contact_id),
            holds=[hold for hold in self._holds if hold.ask.connector.id in {path.connector.id for path in paths if path.usable}],
            state=state,
            pursuit=pursuit,
            stage=state.stage,
            ladder=_ladder(state.stage),
            next_step=step,
            introduced_by=[connector for connector, _ in sorted({c.id: (c, a) for c, a in state.introductions}.values(), key=lambda p: p[0].id)],
            banks=self._banks_for(target.data),
            outcomes=_ranked_outcomes(target.data.outcomes),
            unrated=[o for o in target.data.outcomes if opportunity_score(o) is None],
            notes=self.notes.html(target.notes, here=here),
        )

    def customers_index(self) -> Page:
        rows = []
        for connector in sorted(self.book.connectors.values(), key=lambda c: (c.data.name.casefold(), c.id)):
            rows.append((connector, self.asks_of(connector.id)))
        return self._render("customers.md.j2", here="customers/index.md", title="Customers", rows=rows)

    def contacts_index(self) -> Page:
        rows = []
        for target in sorted(self.book.targets.values(), key=lambda t: (t.data.priority, t.data.name.casefold(), t.id)):
            rows.append((target, self._path_to_show(target.id), self.book.state_of(target.id).stage))
        return self._render("contacts.md.j2", here="contacts/index.md", title="Contacts", rows=rows)

    def salesperson_page(self) -> Page:
        profile = self.book.salesperson
        return self._render(
            "salesperson.md.j2", here=profile.source.src_uri, title=profile.data.name, edit_uri=profile.source.src_uri,
            bio=self.notes.html(profile.notes, here=profile.source.src_uri),
        )

    def bank_page(self, bank_id: str) -> Page:
        bank = self.book.banks[bank_id]
        matching = [t for t in self.book.targets.values() if _bank_applies(bank.data, t.data)]
        return self._render(
            "question_bank.md.j2", here=bank.source.src_uri, title=bank.data.title, edit_uri=bank.source.src_uri,
            bank=bank.data, contacts=sorted(matching, key=lambda t: t.id),
        )

    # -- parts ---------------------------------------------------------

    def pursuit(self, contact_id: str) -> PursuitView | None:
        """Whether a colleague pursues this shared contact, and why: their ask, or their better path in the plan."""
        state = self.book.state_of(contact_id)
        theirs = state.pursued_by_colleague
        if theirs is not None:
            why = "introduced" if theirs.ask.result == "introduced" else "asked"
            return PursuitView(" and ".join(theirs.by) or "a colleague", why, since=theirs.ask.answered or theirs.ask.date)
        team = self.book.team
        claim = team.claims.get(contact_id) if team is not None else None
        if team is None or claim is None or claim.pursuer == self.book.salesperson.id:
            return None
        scores = dict(claim.scores)
        week = next((a.week for a in team.plan().plans[claim.pursuer] if a.contact is not None and a.contact.id == contact_id), None)
        return PursuitView(
            team.names[claim.pursuer], "best path", week=week, theirs=scores[claim.pursuer],
            yours=scores.get(self.book.salesperson.id), tie=claim.tie,
        )

    def pipeline(self) -> list[StageCount]:
        return pipeline_rows(Counter(self.book.state_of(t).stage for t in self.book.targets))

    def attention_views(self) -> list[tuple[AttentionItem, str, str | None, str | None]]:
        """Each attention item with the page and anchor that has the script for it, and the connector's name."""
        views: list[tuple[AttentionItem, str, str | None, str | None]] = []
        for item in self._attention:
            connector = self.book.connectors.get(item.connector_id or "")
            name = connector.data.name if connector is not None else None
            if item.kind in ("follow-up", "thank-you", "thank-after-meeting") and item.ask is not None:
                section = "follow-up" if item.kind == "follow-up" else "thank-you"  # both thank-yous are in one section
                views.append((item, f"customers/{item.connector_id}.md", _past_anchor(section, item.ask, self.anchor_of), name))
            elif item.kind == "no-path":
                views.append((item, f"contacts/{item.contact_id}.md", None, None))
            else:
                views.append((item, f"customers/{item.connector_id}.md", None, name))
        return views

    def _past_views(self, connector_id: str, kind: str) -> list[PastAskView]:
        """Follow-ups for the asks the attention list flags; close-the-loop notes for every introduction.

        The loop closes three times (at the introduction, after the first conversation, at the
        outcome), long after the 90 days the home page reminds you, so the notes stay on the page.
        """
        connector = self.book.connectors[connector_id]
        if kind == "thank-you":
            past = [
                (a, person_asked_for(self.book, a, connector_name=connector.data.name))
                for a in connector.data.asks
                if a.result == "introduced" and not self.book.made_by_colleague(connector_id, a)
            ]
            past.sort(key=lambda pair: pair[0].date, reverse=True)
        else:
            past = [(i.ask, i.person) for i in self._attention if i.kind == kind and i.connector_id == connector_id and i.ask is not None]
        views = []
        for past_ask, person in past:
            ask = _past_as_planned(past_ask, connector, self.book)
            context = context_for(ask, self.book.me, asked_on=past_ask.date)
            scripts = write_scripts(self.text_env, context, connector_email=connector.data.email)
            anchor = _past_anchor(kind, past_ask, self.anchor_of)
            views.append(PastAskView(ask=past_ask, person=person, scripts=scripts, anchor=anchor, connector_id=connector_id))
        return views

    def _done_this_week(self, week: date) -> list[tuple[str, str, str, str]]:
        """What was recorded this week, oldest first: (day, connector, person, what happened)."""
        end = week + timedelta(days=6)
        done = []
        for connector in self.book.connectors.values():
            for ask in connector.data.asks:
                if self.book.made_by_colleague(connector.id, ask):
                    continue  # a colleague's week, not yours
                person = person_asked_for(self.book, ask, connector_name=connector.data.name)
                if week <= ask.date <= end:
                    done.append((ask.date.isoformat(), connector.data.name, person, "asked"))
                if ask.answered is not None and week <= ask.answered <= end and ask.result != "pending":
                    done.append((ask.answered.isoformat(), connector.data.name, person, ask.result))
                if ask.thanked is not None and week <= ask.thanked <= end:
                    done.append((ask.thanked.isoformat(), connector.data.name, person, "thanked"))
        return sorted(done)

    def _waiting(self, connector: Profile[Any], *, flagged: list[PastAsk]) -> list[tuple[str, PastAsk, str]]:
        """Pending asks not yet due a follow-up, each with the command that records its answer."""
        return [
            (person_asked_for(self.book, ask, connector_name=connector.data.name), ask,
             record_answer_command(connector.id, contact_id=ask.contact, role=ask.role))
            for ask in sorted(connector.data.asks, key=lambda a: a.date)
            if ask.result == "pending" and ask not in flagged and not self.book.made_by_colleague(connector.id, ask)
        ]

    def _history(self, connector: Profile[Any]) -> list[HistoryView]:
        """A connector's past asks, oldest first, each naming its one person (linked when a profile exists)."""
        views = []
        for ask in sorted(connector.data.asks, key=lambda a: a.date):
            by = " and ".join(self.book.made_by_colleague(connector.id, ask)) or None
            target = self.book.targets.get(ask.contact) if ask.contact else None
            if target is not None:
                views.append(HistoryView(ask, target.data.name, target.source.src_uri, by))
            else:
                views.append(HistoryView(ask, person_asked_for(self.book, ask, connector_name=connector.data.name), None, by))
        return views

    def _path_to_show(self, contact_id: str) -> IntroPath | None:
        """The index's path: the best usable one, else the one an ask is under way on, else the best blocked one."""
        paths = self.paths_to(contact_id)
        active = {c.id for c, a in self._asks_for.get(contact_id, ()) if a.result in ("pending", "introduced")}
        return next((p for p in paths if p.usable), None) or next((p for p in paths if p.connector.id in active), None) or (
            paths[0] if paths else None
        )

    def _pending_for(self, contact_id: str) -> list[tuple[Profile[Any], PastAsk]]:
        return list(self.book.state_of(contact_id).pending)

    def _banks_for(self, contact: Contact) -> list[Any]:
        """Banks that match the contact and serve the first conversation, or the stage they are at now."""
        return [
            b.data
            for b in self.book.banks.values()
            if b.data.questions and b.data.stage in ("first-conversation", contact.stage) and _bank_applies(b.data, contact)
        ]


def pipeline_rows(counts: Counter[str]) -> list[StageCount]:
    """The pipeline chart's rows: every stage in order, its count, and its bar (0–100, the largest count 100)."""
    top = max(counts.values(), default=0) or 1
    return [StageCount(s, STAGE_LABELS[s], counts.get(s, 0), round(100 * counts.get(s, 0) / top)) for s in STAGES]


def _bank_applies(bank: Any, contact: Contact) -> bool:
    if not (bank.roles or bank.industries or bank.tags):
        return True
    return (
        any_match(bank.roles, [contact.role])
        or any_match(bank.industries, [contact.industry])
        or any_match(bank.tags, list(contact.tags))
    )


def _past_as_planned(ask: PastAsk, connector: Profile[Any], book: Book) -> PlannedAsk:
    contact = book.targets.get(ask.contact) if ask.contact else None
    form = "named" if ask.contact else "role"
    return PlannedAsk(week=ask.date, connector=connector, form=form, contact=contact, role=ask.role)  # type: ignore[arg-type]


def _past_anchor(kind: str, ask: PastAsk, anchor_of: Callable[[str], str] = str) -> str:
    who = ask.contact or "your-" + "-".join((ask.role or "").lower().split())
    return f"{kind}-{ask.date.isoformat()}-{anchor_of(_anchor_safe(who))}"


def _anchor_safe(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in text)


# What to do next at the stages around the ladder; on the ladder the rung itself says it.
_NEXT_OFF_LADDER = {
    "not-asked": "Ask one connector for this one introduction.",
    "asked": "Wait for {connector}'s answer; if the ask is still pending after " + str(FOLLOW_UP_AFTER_DAYS) + " days, send one gentle follow-up.",
    "introduced": "Thank {connector}, move them to BCC, and book the first conversation.",
    "won": "Thank {connector} at the outcome: close the loop.",
    "lost": "Thank {connector} all the same and close the loop; revisit later.",
    "parked": "Close the loop with {connector}; revisit later.",
}


def next_step(stage: str, *, connector: str | None = None, contact_id: str = "ID") -> str:
    """The one next step for a target at this (effective) stage, naming the connector when one is recorded."""
    if stage == "introduced" and connector is None:
        return (
            "Book the first conversation. No introduction is recorded for them: record who made it "
            f"(playbook-gen record answer CONNECTOR --contact {contact_id} introduced), so you can thank them."
        )
    if stage in _NEXT_OFF_LADDER:
        return _NEXT_OFF_LADDER[stage].format(connector=connector or "the connector")
    rung = next(r for r in LADDER if r.stage == stage)
    return f"{rung.goal} Move on when: {rung.move_on_when}"


def _name_of(connector: Profile[Any] | None) -> str | None:
    return connector.data.name if connector is not None else None


def _ladder(stage: str) -> list[RungView]:
    order = [r.stage for r in LADDER]
    if stage in ("won",):
        reached = len(order)
    elif stage in order:
        reached = order.index(stage)
    else:
        reached = -1  # before the first conversation, or lost / parked
    rungs = []
    for index, rung in enumerate(LADDER):
        state = "done" if index < reached else "current" if index == reached else "todo"
        is_next = index == reached + 1 and stage not in ("lost", "parked")
        rungs.append(RungView(rung.stage, rung.label, rung.goal, rung.move_on_when, state, _marker(state, is_next=is_next)))
    return rungs


def _marker(state: str, *, is_next: bool) -> str:
    """Words, not only colour or a checkbox, say where the target stands (readable aloud and in print)."""
    if state == "done":
        return "Done"
    if state == "current":
        return "Now"
    return "Next" if is_next else "Later"


def _ranked_outcomes(outcomes: list[Outcome]) -> list[OutcomeView]:
    """The engine's ranking, flattened for the template."""
    return [
        OutcomeView(r.outcome.statement, r.outcome.importance or 0, r.outcome.satisfaction or 0, r.score, r.band)
        for r in rated_outcomes(outcomes)
    ]


def _split_intro(intro_markdown: str | None) -> tuple[str | None, str | None]:
    """A hand-written home intro (up to ``<!-- private -->``), and its leading ``# heading`` (the page title)."""
    if intro_markdown is None:
        return None, None
    text = intro_markdown.lstrip("\ufeff").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4 :].lstrip("\n")
    # The intro becomes part of a generated page, so the profiles' private cut applies to it.
    text = public_body(text)
    lines = text.split("\n")
    if lines and lines[0].startswith("# "):
        return "\n".join(lines[1:]).strip() + "\n", lines[0][2:].strip()
    return text.strip() + "\n", None
