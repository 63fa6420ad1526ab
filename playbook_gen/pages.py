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

from .asks import Hold, IntroPath, PlannedAsk
from .attention import AttentionItem, attention
from .book import Book
from .buttons import Controls
from .commands import (
    record_answer_command,
    record_ask_command,
    record_contacted_command,
    record_stage_command,
    record_thanked_command,
)
from .method import (
    FOLLOW_UP_AFTER_DAYS,
    GIVE_BACK_AFTER_ASKS,
    LADDER,
    STAGE_LABELS,
    THANK_YOUS,
    ThankYou,
    any_match,
    asks_since_last_gift,
    follow_up_from,
    introduction_date,
    is_open,
    keep_in_touch_days,
    monday_of,
    next_touch,
    open_ask,
    opportunity_score,
    rated_outcomes,
    thank_you_start,
    thanked_on,
)
from .model import CLOSED_STAGES, STAGES, Contact, Customer, Outcome, PastAsk
from .paths import rank_paths
from .plan import asked_of, asks_left, held_for_reconnect, made_in_week, person_asked_for, week_gap
from .playbook import Edge, Profile
from .profiles import public_body
from .render import NotesRenderer, html_attr, title_front_matter
from .scripts import Scripts, context_for, write_scripts


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
            self.ask.connector.id,
            contact_id=self.ask.contact.id if self.ask.contact else None,
            role=self.ask.role,
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


@dataclass(frozen=True)
class ThankYouView:
    """One of an introduction's three thank-yous: when it became due, when it was recorded, the command that records it."""

    thanks: ThankYou
    start: date | None  # the day its event happened (None: not yet)
    recorded: date | None
    command: str | None  # ``record thanked … --for …`` while it is due and not recorded


@dataclass(frozen=True, kw_only=True)
class PastAskView(_Anchored):
    """An ask from a connector's history: open (a follow-up, an answer to record) or an introduction to thank for."""

    ask: PastAsk
    person: str
    scripts: Scripts
    connector_id: str
    since: date | None = None  # an open ask: the day its follow-up clock started
    thank_yous: tuple[ThankYouView, ...] = ()  # an introduction: its three thank-yous

    @property
    def checking(self) -> bool:
        """The connector is asking the person first (double opt-in): the ask is still open."""
        return self.ask.result == "checking"

    @property
    def introduced_on(self) -> date:
        return introduction_date(self.ask)

    @property
    def answer_command(self) -> str:
        """``playbook-gen record answer …`` for this open ask (``introduced`` shown; ``checking``, ``declined``, ``no-answer`` the others)."""
        return record_answer_command(self.connector_id, contact_id=self.ask.contact, role=self.ask.role)

    @property
    def follow_up_href(self) -> Markup:
        """The follow-up email's ``mailto:`` URL, ready for an ``href`` attribute."""
        return html_attr(self.scripts.follow_up_mailto)


@dataclass(frozen=True)
class IntroductionView:
    """One introduction a connector made (the ledger): whom, when, and where that person stands now."""

    ask: PastAsk
    person: str
    contact_uri: str | None
    stage: str | None  # the contact's stage now (None: a role-person with no contact file)
    thank_yous: tuple[ThankYouView, ...]

    @property
    def introduced_on(self) -> date:
        return introduction_date(self.ask)


@dataclass(frozen=True)
class TouchView:
    """A connector's keep-in-touch rhythm and the next touch."""

    rhythm: int  # days
    written: bool  # set by keep_in_touch_days (else by relationship)
    last: date | None
    due: date | None
    overdue_days: int  # 0 when not due yet
    command: str


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
    _past_asks: dict[tuple[str, str], list[tuple[PastAsk, str]]] = field(default_factory=dict)  # by (kind, connector)
    _paths: dict[str, list[IntroPath]] = field(default_factory=dict)
    _edges_of: dict[str, list[Edge]] = field(default_factory=dict)  # by connector: each customer page lists its own
    _holds: list[Hold] = field(default_factory=list)  # colleagues' planned asks of connectors you share
    _ladders: dict[str, Markup] = field(default_factory=dict)  # the stage ladder's list, by stage
    notes: NotesRenderer = field(default_factory=NotesRenderer)
    anchor_of: Callable[[str], str] = str  # an encrypted site's anchors name nobody (addresses.Addresses.anchor)
    recorder: Controls = field(default_factory=Controls)  # the controls that record from the page (none by default)

    def __post_init__(self) -> None:
        for ask in self.plan:
            self._ask_views[ask.key] = self._ask_view(ask)
        self._attention = attention(self.book)
        for item in self._attention:  # each customer page reads its own, not the whole list
            if item.ask is not None and item.connector_id is not None:
                self._past_asks.setdefault((item.kind, item.connector_id), []).append((item.ask, item.person))
        if self.book.team is not None:
            self._holds = self.book.team.holds_of(self.book.salesperson.id, paths=self.paths_to)
        for edge in self.book.edges:
            self._edges_of.setdefault(edge.connector, []).append(edge)

    def _stage_ladder(self, stage: str) -> Markup:
        """The stage ladder's list at one stage (``partials/stage_ladder.md.j2``): made once per stage and build, not once per contact."""
        if stage not in self._ladders:
            made = self.pages_env.get_template("partials/stage_ladder.md.j2").render(ladder=_ladder(stage))
            self._ladders[stage] = Markup(made.removesuffix("\n"))  # the page puts it on a line of its own
        return self._ladders[stage]

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
            here=here,
            title=title,
            me=self.book.me,
            salesperson_id=self.book.salesperson.id,
            record_answer_command=record_answer_command,
            today=self.book.today,
            stage_labels=STAGE_LABELS,
            recorder=self.recorder,
            **context,
        )
        return Page(src_uri=here, title=title, markdown=title_front_matter(title) + body, edit_uri=edit_uri)

    # -- pages ---------------------------------------------------------

    def home(self, *, intro_markdown: str | None) -> Page:
        intro, heading = _split_intro(intro_markdown)
        week = monday_of(self.book.today)
        title = heading or f"{self.book.me.name}'s referral playbook"
        views = self.attention_views()
        return self._render(
            "home.md.j2",
            here="index.md",
            title=title,
            edit_uri="index.md" if intro_markdown is not None else None,
            intro=self.notes.html(intro, here="index.md", css_class="playbook-intro") if intro else None,
            bio=self.notes.html(self.book.salesperson.notes, here="index.md"),
            week=week,
            this_week=[v for v in self._ask_views.values() if v.ask.week == week],
            made=self._made_views(week),
            week_done=asks_left(self.book, week) == 0,
            next_week=week + timedelta(weeks=1),
            done=self._done_this_week(week),
            pipeline=self.pipeline(),
            attention=[view for view in views if not self._summarised(view[0])],
            no_path_rest=sum(1 for view in views if self._summarised(view[0])),
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
                ((self.book.targets[cid], pursuit) for cid in self.book.targets if (pursuit := self.pursuit(cid)) is not None and pursuit.why == "best path"),
                key=lambda pair: (pair[0].data.name.casefold(), pair[0].id),
            ),
            gaps={week: week_gap(self.book, self.plan, week, paths=self.paths_to) for week in week_list if week not in weeks},
            made={week: self._made_views(week) for week in week_list},
            done={week: asks_left(self.book, week) == 0 for week in week_list},
            answer_command=record_answer_command,
            contacted_command=record_contacted_command,
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
            waiting_on=open_ask(connector.data),
            follow_ups=(follow_ups := self._past_views(connector_id, "follow-up")),
            waiting=self._waiting(connector, flagged=[view.ask for view in follow_ups]),
            thanks=self._past_views(connector_id, "thank-you"),
            knows=knows,
            history=self._history(connector),
            introductions=self.introductions_of(connector),
            touch=self._touch(connector.id, connector.data),
            gave=sorted(connector.data.gave, key=lambda gift: gift.date),
            asks_since_gift=(since := asks_since_last_gift(connector.data)),
            give_back=since >= GIVE_BACK_AFTER_ASKS and not connector.data.do_not_ask,
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
        introduction = state.introduction
        thank_yous = self._thank_you_views(introduction[0].id, introduction[1], target.data) if introduction is not None else ()
        due = next((view for view in thank_yous if view.command is not None), None)
        step = next_step(
            state.stage,
            connector=_name_of(state.introducer or (state.open_asks[-1][0] if state.open_asks else None)),
            contact_id=contact_id,
            due=due.thanks if due is not None else None,
            thanked=next((view for view in reversed(thank_yous) if view.recorded is not None), None),
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
            stage_ladder=self._stage_ladder(state.stage),
            next_step=step,
            thank_command=due.command if due is not None and (pursuit is None or pursuit.why == "introduced") else None,
            introduction=introduction,
            introduced_by=[connector for connector, _ in sorted({c.id: (c, a) for c, a in state.introductions}.values(), key=lambda p: p[0].id)],
            stage_command=record_stage_command,
            banks=self._banks_for(target.data),
            outcomes=_ranked_outcomes(target.data.outcomes),
            unrated=[o for o in target.data.outcomes if opportunity_score(o) is None],
            notes=self.notes.html(target.notes, here=here),
        )

    def customers_index(self) -> Page:
        rows = []
        for connector in sorted(self.book.connectors.values(), key=lambda c: (c.data.name.casefold(), c.id)):
            rows.append((connector, self.asks_of(connector.id)))
        waiting = {connector.id: ask for connector, _ in rows if (ask := open_ask(connector.data)) is not None}
        return self._render("customers.md.j2", here="customers/index.md", title="Customers", rows=rows, waiting=waiting)

    def contacts_index(self) -> Page:
        rows = []
        for target in sorted(self.book.targets.values(), key=lambda t: (t.data.priority, t.data.name.casefold(), t.id)):
            rows.append((target, self._path_to_show(target.id), self.book.state_of(target.id).stage))
        return self._render("contacts.md.j2", here="contacts/index.md", title="Contacts", rows=rows)

    def salesperson_page(self) -> Page:
        profile = self.book.salesperson
        return self._render(
            "salesperson.md.j2",
            here=profile.source.src_uri,
            title=profile.data.name,
            edit_uri=profile.source.src_uri,
            bio=self.notes.html(profile.notes, here=profile.source.src_uri),
        )

    def bank_page(self, bank_id: str) -> Page:
        bank = self.book.banks[bank_id]
        matching = [t for t in self.book.targets.values() if _bank_applies(bank.data, t.data)]
        return self._render(
            "question_bank.md.j2",
            here=bank.source.src_uri,
            title=bank.data.title,
            edit_uri=bank.source.src_uri,
            bank=bank.data,
            contacts=sorted(matching, key=lambda t: t.id),
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
            team.names[claim.pursuer],
            "best path",
            week=week,
            theirs=scores[claim.pursuer],
            yours=scores.get(self.book.salesperson.id),
            tie=claim.tie,
        )

    def pipeline(self) -> list[StageCount]:
        return pipeline_rows(Counter(self.book.state_of(t).stage for t in self.book.targets))

    def attention_views(self) -> list[tuple[AttentionItem, str, str | None, str | None, str | None]]:
        """Each attention item with the page and anchor that has its script, the connector's name, and the command that records it."""
        views: list[tuple[AttentionItem, str, str | None, str | None, str | None]] = []
        for item in self._attention:
            connector = self.book.connectors.get(item.connector_id or "")
            name = connector.data.name if connector is not None else None
            page = f"customers/{item.connector_id}.md"
            if item.kind == "follow-up" and item.ask is not None:
                command = record_answer_command(item.connector_id or "", contact_id=item.ask.contact, role=item.ask.role)
                views.append((item, page, _past_anchor("follow-up", item.ask, self.anchor_of), name, command))
            elif item.thanks is not None and item.ask is not None:
                command = record_thanked_command(item.connector_id or "", contact_id=item.ask.contact, role=item.ask.role, occasion=item.thanks.occasion)
                views.append((item, page, _past_anchor("thank-you", item.ask, self.anchor_of), name, command))
            elif item.kind == "no-path":
                views.append((item, f"contacts/{item.contact_id}.md", None, None, None))
            else:
                views.append((item, page, "keep-in-touch", name, record_contacted_command(item.connector_id or "")))
        return views

    def _summarised(self, item: AttentionItem) -> bool:
        """A contact of lower priority with no path: home counts them in one line (SPEC §5), the highest are named."""
        target = self.book.targets.get(item.contact_id or "")
        return item.kind == "no-path" and target is not None and target.data.priority > HIGHEST_PRIORITY

    def _past_views(self, connector_id: str, kind: str) -> list[PastAskView]:
        """Follow-ups for the open asks the attention list flags; close-the-loop notes for every introduction.

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
            past.sort(key=lambda pair: introduction_date(pair[0]), reverse=True)
        else:
            past = self._past_asks.get((kind, connector_id), [])
        return [self._past_view(connector, past_ask, person, kind=kind) for past_ask, person in past]

    def _past_view(self, connector: Profile[Customer], past_ask: PastAsk, person: str, *, kind: str) -> PastAskView:
        ask = _past_as_planned(past_ask, connector, self.book)
        context = context_for(ask, self.book.me, asked_on=past_ask.date)
        scripts = write_scripts(self.text_env, context, connector_email=connector.data.email)
        target = self.book.targets.get(past_ask.contact or "")
        thank_yous = self._thank_you_views(connector.id, past_ask, target.data if target is not None else None) if kind == "thank-you" else ()
        return PastAskView(
            ask=past_ask,
            person=person,
            scripts=scripts,
            anchor=_past_anchor(kind, past_ask, self.anchor_of),
            connector_id=connector.id,
            since=follow_up_from(past_ask, connector.data) if is_open(past_ask) else None,
            thank_yous=thank_yous,
        )

    def _thank_you_views(self, connector_id: str, ask: PastAsk, contact: Contact | None) -> tuple[ThankYouView, ...]:
        """The three thank-yous of one introduction: recorded, due (with its command), or waiting for their event."""
        views = []
        for thanks in THANK_YOUS:
            start = thank_you_start(thanks, ask, contact)
            recorded = thanked_on(thanks, ask)
            owed = recorded is None and start is not None
            command = record_thanked_command(connector_id, contact_id=ask.contact, role=ask.role, occasion=thanks.occasion) if owed else None
            views.append(ThankYouView(thanks, start, recorded, command))
        return tuple(views)

    def introductions_of(self, connector: Profile[Customer]) -> list[IntroductionView]:
        """The ledger: every introduction this connector made for you, newest first, and where each person stands now."""
        views = []
        for ask in connector.data.asks:
            if ask.result != "introduced" or self.book.made_by_colleague(connector.id, ask):
                continue
            target = self.book.targets.get(ask.contact or "")
            person = person_asked_for(self.book, ask, connector_name=connector.data.name)
            stage = self.book.state_of(target.id).stage if target is not None else None
            contact = target.data if target is not None else None
            views.append(
                IntroductionView(
                    ask,
                    person,
                    target.source.src_uri if target is not None else None,
                    stage,
                    self._thank_you_views(connector.id, ask, contact),
                )
            )
        return sorted(views, key=lambda view: (view.introduced_on, view.person), reverse=True)

    def _touch(self, connector_id: str, customer: Customer) -> TouchView:
        due = next_touch(customer)
        overdue = (self.book.today - due).days if due is not None and self.book.today > due else 0
        return TouchView(
            keep_in_touch_days(customer),
            customer.keep_in_touch_days is not None,
            customer.last_contact,
            due,
            overdue,
            record_contacted_command(connector_id),
        )

    def _made_views(self, week: date) -> list[tuple[str, str]]:
        """The asks already made in a week, oldest first: (day, "Greta Hansen for Dana Ruiz")."""
        return [(ask.date.isoformat(), asked_of(self.book, connector, ask)) for connector, ask in made_in_week(self.book, week)]

    def _done_this_week(self, week: date) -> list[tuple[str, str, str, str]]:
        """What was recorded this week, oldest first: (day, connector, person, what happened)."""
        end = week + timedelta(days=6)

        def this_week(day: date | None) -> bool:
            return day is not None and week <= day <= end

        done = []
        for connector in self.book.connectors.values():
            name = connector.data.name
            for ask in connector.data.asks:
                if self.book.made_by_colleague(connector.id, ask):
                    continue  # a colleague's week, not yours
                person = person_asked_for(self.book, ask, connector_name=name)
                if this_week(ask.date):
                    done.append((ask.date.isoformat(), name, person, "asked"))
                if ask.answered is not None and this_week(ask.answered) and not is_open(ask):
                    done.append((ask.answered.isoformat(), name, person, ask.result))
                for thanks in THANK_YOUS:
                    day = thanked_on(thanks, ask)
                    if this_week(day):
                        done.append((day.isoformat(), name, person, f"thanked-{thanks.occasion}"))  # type: ignore[union-attr]
            for gift in connector.data.gave:
                if this_week(gift.date):
                    done.append((gift.date.isoformat(), name, gift.what, "gave"))
        return sorted(done)

    def _waiting(self, connector: Profile[Any], *, flagged: list[PastAsk]) -> list[PastAskView]:
        """Open asks not yet due a follow-up: each with the command that records its answer (and, checking, the note to pass on)."""
        return [
            self._past_view(connector, ask, person_asked_for(self.book, ask, connector_name=connector.data.name), kind="waiting")
            for ask in sorted(connector.data.asks, key=lambda a: a.date)
            if is_open(ask) and ask not in flagged and not self.book.made_by_colleague(connector.id, ask)
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
        active = {c.id for c, a in self.book.asks_for(contact_id) if is_open(a) or a.result == "introduced"}
        return next((p for p in paths if p.usable), None) or next((p for p in paths if p.connector.id in active), None) or (paths[0] if paths else None)

    def _pending_for(self, contact_id: str) -> list[tuple[Profile[Any], PastAsk]]:
        return list(self.book.state_of(contact_id).open_asks)

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
    return any_match(bank.roles, [contact.role]) or any_match(bank.industries, [contact.industry]) or any_match(bank.tags, list(contact.tags))


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
    "asked": "Wait for {connector}'s answer; if the ask is still open after " + str(FOLLOW_UP_AFTER_DAYS) + " days, send one gentle follow-up.",
    "introduced": "Thank {connector}, move them to BCC, and book the first conversation.",
    "won": "Thank {connector} at the outcome: close the loop.",
    "lost": "Thank {connector} all the same and close the loop; revisit later.",
    "parked": "Close the loop with {connector}; revisit later.",
}
HIGHEST_PRIORITY = 1
"""Contacts of this priority with no path are named on the home page; the rest are counted in one line."""
_LOOP_CLOSED = "The loop is closed: you thanked {connector} at the outcome on {day}."


def next_step(stage: str, *, connector: str | None = None, contact_id: str = "ID", due: ThankYou | None = None, thanked: ThankYouView | None = None) -> str:
    """The one next step for a target at this (effective) stage, naming the connector when one is recorded.

    ``due``: the thank-you owed now, if any; ``thanked``: the latest one recorded. A thank-you
    already recorded is never asked for again.
    """
    if stage == "introduced" and connector is None:
        return (
            "Book the first conversation. No introduction is recorded for them: record who made it "
            f"(playbook-gen record answer CONNECTOR --contact {contact_id} introduced), so you can thank them."
        )
    who = connector or "the connector"
    day = thanked.recorded.isoformat() if thanked is not None and thanked.recorded is not None else ""
    if stage == "introduced":
        if due is None and day:
            return f"Book the first conversation; you thanked {who} for the introduction on {day}."
        return _NEXT_OFF_LADDER[stage].format(connector=who)
    if stage in CLOSED_STAGES:
        if due is None and thanked is not None and thanked.thanks.occasion == "outcome":
            return _LOOP_CLOSED.format(connector=who, day=day) + (" Revisit later." if stage != "won" else "")
        step = _NEXT_OFF_LADDER[stage].format(connector=who)
        return step if due is None or due.occasion == "outcome" else f"First thank {who} {due.label}. Then: {step}"
    if stage in _NEXT_OFF_LADDER:
        return _NEXT_OFF_LADDER[stage].format(connector=who)
    rung = next(r for r in LADDER if r.stage == stage)
    step = f"{rung.goal} Move on when: {rung.move_on_when}"
    return f"First thank {who} {due.label}. Then: {step}" if due is not None else step


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
    return [OutcomeView(r.outcome.statement, r.outcome.importance or 0, r.outcome.satisfaction or 0, r.score, r.band) for r in rated_outcomes(outcomes)]


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
