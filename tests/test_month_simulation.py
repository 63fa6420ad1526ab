"""A month with the playbook, simulated: the method's rules hold over weeks, not only at one instant.

A hypothesis state machine drives a real playbook repository through the command
line, day by day, as a salesperson would: it starts from ``playbook-gen init``,
fills in customers and contacts by hand, and then makes the asks the site shows
(the exact command parsed out of the built HTML, pasted as a shell would split it, or sent
by the page's record button as serve and the issue workflow run it),
records answers (checking, introduced, declined, no answer), thanks, meets, rates
outcomes, moves stages, reconnects, gives back, imports a few people, forgets or
renames one, tries an ask of its own choosing, and edits a file by hand now and then.

After every step it builds the site with MkDocs and checks the method's invariants
on the files and on the built pages, re-derived here from the files (not from the
planner): never more than ``asks_per_week`` asks recorded plus planned in a week; no
connector asked inside their cool-down or while an ask of theirs is open; no person
asked for through two connectors at once; no ask of a ``do_not_ask`` connector or of
one who declined that person; every ask's dates in order; every page's date for an
event equal to the file's; no page asks for a thank-you already recorded; the home
page, the ask plan, the contacts index, the contact pages and the pipeline agree on
every contact's stage; ``check`` passes.

The default run is small (a few months of a few salespeople's weeks); set
``PLAYBOOK_SIMULATION=long`` for hundreds of months (or ``PLAYBOOK_SIMULATION_EXAMPLES``
and ``PLAYBOOK_SIMULATION_STEPS``). A failing run prints, step by step, the commands
that reproduce it, with the day each ran on.
"""

from __future__ import annotations

import csv
import html
import itertools
import os
import re
import shlex
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from playbook_gen.cli import main, run_record
from playbook_gen.model import CLOSED_STAGES, STAGES
from playbook_gen.playbook import Playbook, load_playbook
from playbook_gen.recording import record_argv

from conftest import build

LONG = os.environ.get("PLAYBOOK_SIMULATION") == "long"
EXAMPLES = int(os.environ.get("PLAYBOOK_SIMULATION_EXAMPLES") or (300 if LONG else 20))
STEPS = int(os.environ.get("PLAYBOOK_SIMULATION_STEPS") or (80 if LONG else 30))
FIRST_DAY = date(2026, 11, 2)  # a Monday
SALESPERSON = "maya-okafor"

CUSTOMER_NAMES = ["Greta Hansen", "Priya Raman", "Daniel Hughes", "Aisha Bello", "Marcus Webb", "Luis Ferreira"]
CONTACT_NAMES = ["Dana Ruiz", "Zoë Lindqvist", "Inês Carvalho", "Samuel Okoro", "Oliver Grant", "Mei Tanaka", "Ben Adler", "Clara Moreau"]
IMPORTED = [
    ("Nadia", "Haddad", "Haddad Bakeries"),
    ("James", "Osei", "Osei Print"),
    ("Frank", "Delaney", "Delaney Machine Works"),
    ("Lena", "Fischer", "Fischer Dental"),
    ("Tom", "Reyes", "Reyes Florists"),
]
OUTCOMES = ["Know the cash position every Monday", "Hand the business over without losing sleep", "Stop chasing late payers"]
RESULTS = ("checking", "introduced", "declined", "no-answer")


def slug(name: str) -> str:
    return {"Zoë Lindqvist": "zoe-lindqvist", "Inês Carvalho": "ines-carvalho"}.get(name, name.lower().replace(" ", "-"))


# -- reading the built site ---------------------------------------------------------------------


class _Commands(HTMLParser):
    """The text of every ``playbook-command`` code block of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.commands: list[str] = []
        self._depth = 0  # inside a playbook-command block: the div nesting
        self._code = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and (self._depth or "playbook-command" in classes):
            self._depth += 1
        elif tag == "code" and self._depth:
            self._code, self._text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._code:
            self._code = False
            self.commands.append("".join(self._text).strip())
        elif tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._code:
            self._text.append(data)


def commands_of(page_html: str) -> list[str]:
    parser = _Commands()
    parser.feed(page_html)
    return parser.commands


class _Table(HTMLParser):
    """The rows of a page's first table, each a list of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._done = True

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_of(page_html: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(page_html)
    return parser.rows


def text_of(page_html: str) -> str:
    article = page_html.split("<article", 1)[1].split("</article>", 1)[0]
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())
    return re.sub(r" ([.,:;)])", r"\1", words)


@dataclass
class Site:
    """One build, read: every page's HTML by its path ("" for home), and the plan's CSV."""

    pages: dict[str, str]
    plan: list[dict[str, str]]

    def buttons(self) -> list[str]:
        """Every command a page's record button sends (the hosted playbook's controls, as serve's are the same)."""
        return sorted({html.unescape(c) for page in self.pages.values() for c in re.findall(r'<button[^>]*data-command="([^"]*)"', page)})

    def commands(self, *, verb: str | None = None) -> list[str]:
        found = sorted({c for page in self.pages.values() for c in commands_of(page)})
        return [c for c in found if verb is None or c.startswith(f"playbook-gen record {verb} ")]


def read_site(site_dir: Path) -> Site:
    pages = {}
    for index in sorted(site_dir.rglob("index.html")):
        where = index.parent.relative_to(site_dir).as_posix()
        pages["" if where == "." else where] = index.read_text(encoding="utf-8")
    plan = list(csv.DictReader((site_dir / "asks.csv").read_text(encoding="utf-8").splitlines()))
    return Site(pages, plan)


# -- the month ---------------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class MonthWithThePlaybook(RuleBasedStateMachine):
    """One salesperson's weeks with a playbook made by ``init``, every event recorded with the command the page shows."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="playbook-month-"))
        self.root = self.tmp / "playbook"
        self.today = FIRST_DAY
        self.site: Site | None = None
        self.runner = CliRunner()
        self.imported = 0
        self.renamed = 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- running commands, as a salesperson pastes them ----------------------------------------------

    def run(self, command: str, *, expect: int | None = 0, writes: bool = True) -> Any:
        """Run one ``playbook-gen`` command line (split as a shell splits it) on today's date."""
        note(f"[{self.today.isoformat()}] $ {command}")
        argv = shlex.split(command)
        assert argv[0] == "playbook-gen", command
        result = self.runner.invoke(main, ["--config", str(self.root / "mkdocs.yml"), *argv[1:]], env={"PLAYBOOK_TODAY": self.today.isoformat()})
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.output)
        assert "Traceback" not in result.output, result.output
        if expect is not None:
            assert result.exit_code == expect, (command, result.output)
        if writes:
            self.site = None
        return result

    def playbook(self) -> Playbook:
        return load_playbook(self.root / "docs", root=self.root)

    def built(self) -> Site:
        """The site as ``mkdocs build`` makes it today (in this process: a worker per build would cost a second each)."""
        if self.site is None:
            site_dir = self.tmp / "site"
            os.environ["PLAYBOOK_TODAY"] = self.today.isoformat()
            try:
                build(self.root, site_dir=site_dir)
            finally:
                del os.environ["PLAYBOOK_TODAY"]
            self.site = read_site(site_dir)
        return self.site

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        note(f"[{self.today.isoformat()}] (hand edit) {relative}:\n{text}")
        self.site = None

    # -- the start: init, then the profiles a salesperson fills in by hand --------------------------------

    @initialize(
        asks_per_week=st.integers(1, 3),
        cooldown=st.sampled_from([1, 2, 4, 6]),
        customers=st.integers(3, 6),
        contacts=st.integers(3, 8),
        shape=st.randoms(use_true_random=False),
    )
    def start(self, asks_per_week: int, cooldown: int, customers: int, contacts: int, shape: Any) -> None:
        result = self.runner.invoke(main, ["init", str(self.root), "--salesperson", "Maya Okafor", "--company", "Northwind Advisory"])
        assert result.exit_code == 0, result.output
        config = self.root / "mkdocs.yml"  # a repository on GitHub: every page carries the controls that record from it
        config.write_text(f"repo_url: https://github.com/northwind/playbooks\n{config.read_text(encoding='utf-8')}", encoding="utf-8")
        note(f"init: asks_per_week {asks_per_week}, cooldown_weeks {cooldown}, {customers} customers, {contacts} contacts")
        self.write(
            f"docs/salespeople/{SALESPERSON}.md",
            f"---\nname: Maya Okafor\ncompany: Northwind Advisory\noffer: I help owners of family businesses see their cash clearly\n"
            f"target_roles: [accountant]\nasks_per_week: {asks_per_week}\ncooldown_weeks: {cooldown}\nweeks_ahead: 6\n---\n",
        )
        targets = [slug(n) for n in CONTACT_NAMES[:contacts]]
        for name in CONTACT_NAMES[:contacts]:
            self.write(
                f"docs/contacts/{slug(name)}.md",
                f"---\nname: {name}\ncompany: {name.split()[1]} Ltd\nrole: owner\nwhy: {name.split()[0]} is taking over the family business.\n"
                f"priority: {shape.randint(1, 3)}\n---\n",
            )
        for index, name in enumerate(CUSTOMER_NAMES[:customers]):
            knows = sorted(shape.sample(targets, k=shape.randint(0, min(3, len(targets)))))
            lines = [f"name: {name}", f"relationship: {shape.randint(1, 5)}"]
            if shape.random() < 0.7:
                lines.append(f"last_contact: {(FIRST_DAY - timedelta(days=shape.randint(0, 200))).isoformat()}")
            if index == 0:  # the reference whose story role asks tell
                lines += [
                    "role: accountant",
                    "reference: true",
                    f"recent_project: {{title: Month-end close redesign, finished: {(FIRST_DAY - timedelta(days=20)).isoformat()}}}",
                ]
            if shape.random() < 0.5:
                lines.append("their: [accountant]")
            if shape.random() < 0.1:
                lines.append("do_not_ask: true")
            if knows:
                lines.append("knows:")
                lines += [f"  - {{contact: {t}, strength: {shape.randint(1, 5)}}}" for t in knows]
            self.write(f"docs/customers/{slug(name)}.md", "---\n" + "\n".join(lines) + "\n---\nNotes.\n")
        self.run("playbook-gen check")

    # -- time -------------------------------------------------------------------------------------------------

    @rule(days=st.integers(1, 4))
    def next_days(self, days: int) -> None:
        self.today += timedelta(days=days)
        note(f"-- {days} day(s) later: {self.today.isoformat()} ({self.today.strftime('%A')})")
        self.site = None

    # -- the events, each with the command the page shows ---------------------------------------------------

    @rule(pick=st.integers(0, 99))
    def make_an_ask_the_page_shows(self, pick: int) -> None:
        home = commands_of(self.built().pages[""])
        asks = [c for c in home if c.startswith("playbook-gen record ask ")]
        if asks:
            self.run(asks[pick % len(asks)])  # what the page offers, record accepts

    @rule(pick=st.integers(0, 99), result=st.sampled_from(RESULTS), named=st.booleans())
    def answer(self, pick: int, result: str, named: bool) -> None:
        commands = self.built().commands(verb="answer")
        if not commands:
            return
        command = commands[pick % len(commands)].rsplit(" ", 1)[0] + f" {result}"  # the page shows `introduced`; the others are its siblings
        if result == "introduced" and " --role " in command and named:
            self.imported += 1
            command += f" --new-contact {shlex.quote(f'Nora Brandt {self.imported}')}"
        self.run(command)

    @rule(pick=st.integers(0, 99))
    def press_a_button(self, pick: int) -> None:
        """A button of any page, sent as the page sends it (serve, or the issue workflow): recorded, or refused with its rule."""
        buttons = self.built().buttons()
        if not buttons:
            return
        command = buttons[pick % len(buttons)]
        note(f"[{self.today.isoformat()}] (button) {command}")
        os.environ["PLAYBOOK_TODAY"] = self.today.isoformat()
        try:
            done = run_record(self.root / "mkdocs.yml", record_argv(command), command=command)
        finally:
            del os.environ["PLAYBOOK_TODAY"]
        assert done.status in (0, 1), (command, done.lines)  # never a command the command line does not take
        assert done.status == 0 or all(line.startswith("docs/") or "refused" in line for line in done.lines), (command, done.lines)
        self.site = None

    @rule(pick=st.integers(0, 99))
    def thank(self, pick: int) -> None:
        commands = self.built().commands(verb="thanked")
        if commands:
            self.run(commands[pick % len(commands)])

    @rule(pick=st.integers(0, 99))
    def keep_in_touch(self, pick: int) -> None:
        commands = self.built().commands(verb="contacted")
        if commands:
            self.run(commands[pick % len(commands)])

    @rule(pick=st.integers(0, 99))
    def give_back(self, pick: int) -> None:
        customers = sorted(self.playbook().customers)
        self.run(f"playbook-gen record gave {customers[pick % len(customers)]} 'Sent her a useful article, and an introduction of my own'")

    @rule(pick=st.integers(0, 99))
    def meet(self, pick: int) -> None:
        introduced = [cid for cid, c in sorted(self.playbook().contacts.items()) if c.data.stage == "introduced"]
        if introduced:
            self.run(f"playbook-gen record stage {introduced[pick % len(introduced)]} first-conversation")

    @rule(pick=st.integers(0, 99), step=st.integers(1, 9))
    def move_on(self, pick: int, step: int) -> None:
        later = [
            c
            for cid, c in sorted(self.playbook().contacts.items())
            if STAGES.index(c.data.stage) >= STAGES.index("first-conversation") and c.data.stage not in CLOSED_STAGES
        ]
        if later:
            contact = later[pick % len(later)]
            stage = STAGES[min(STAGES.index(contact.data.stage) + step, len(STAGES) - 1)]
            self.run(f"playbook-gen record stage {contact.id} {stage}")

    @rule(pick=st.integers(0, 99), statement=st.sampled_from(OUTCOMES), importance=st.integers(1, 10), satisfaction=st.integers(1, 10))
    def rate_an_outcome(self, pick: int, statement: str, importance: int, satisfaction: int) -> None:
        met = sorted(cid for cid, c in self.playbook().contacts.items() if c.data.met is not None)
        if met:
            self.run(f"playbook-gen record outcome {met[pick % len(met)]} {shlex.quote(statement)} --importance {importance} --satisfaction {satisfaction}")

    @rule(connector=st.integers(0, 99), person=st.integers(0, 99))
    def an_ask_of_my_own(self, connector: int, person: int) -> None:
        """An ask the page did not offer: recorded only when the method allows it, refused (one line, nothing written) otherwise."""
        playbook = self.playbook()
        cid = sorted(playbook.customers)[connector % len(playbook.customers)]
        people = sorted(playbook.contacts)
        before = snapshot(self.root)
        result = self.run(
            f"playbook-gen record ask {cid} --contact {people[person % len(people)]}" if people else f"playbook-gen record ask {cid} --role accountant",
            expect=None,
        )
        if result.exit_code == 0:
            assert "asks +" in result.stdout
        else:
            assert result.exit_code == 1 and "refused:" in result.stderr and len(result.stderr.splitlines()) == 1, result.output
            assert snapshot(self.root) == before

    @precondition(lambda self: self.imported < 3)
    @rule(rows=st.lists(st.sampled_from(IMPORTED), min_size=1, max_size=3))
    def import_a_few_people(self, rows: list[tuple[str, str, str]]) -> None:
        self.imported += 1
        export = self.tmp / f"Connections-{self.imported}.csv"
        lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
        lines += [f"{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()},,{company},Owner,01 Oct 2026" for first, last, company in rows]
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
        note(f"(export file) {export.name}:\n" + "\n".join(lines))
        self.run(f"playbook-gen import linkedin {shlex.quote(str(export))} --as contacts")

    @rule(pick=st.integers(0, 99))
    def forget_someone(self, pick: int) -> None:
        contacts = sorted(self.playbook().contacts)
        if len(contacts) > 2:
            self.run(f"playbook-gen forget {contacts[pick % len(contacts)]}")

    @precondition(lambda self: self.renamed < 2)
    @rule(pick=st.integers(0, 99))
    def rename_someone(self, pick: int) -> None:
        contacts = sorted(self.playbook().contacts)
        if contacts:
            self.renamed += 1
            old = contacts[pick % len(contacts)]
            self.run(f"playbook-gen rename {old} {old}-{self.renamed}x")

    @rule(pick=st.integers(0, 99), strength=st.integers(1, 5))
    def hand_edit_who_knows_whom(self, pick: int, strength: int) -> None:
        """A salesperson adds a `known_by` line by hand to a contact who has none."""
        playbook = self.playbook()
        lonely = [c for cid, c in sorted(playbook.contacts.items()) if not c.data.known_by]
        if not lonely or not playbook.customers:
            return
        contact = lonely[pick % len(lonely)]
        customer = sorted(playbook.customers)[pick % len(playbook.customers)]
        text = contact.source.path.read_text(encoding="utf-8")
        head, sep, body = text[4:].partition("\n---\n")
        self.write(f"docs/contacts/{contact.id}.md", f"---\n{head}\nknown_by:\n  - {{customer: {customer}, strength: {strength}}}{sep}{body}")

    # -- the invariants -------------------------------------------------------------------------------------------

    @invariant()
    def check_passes(self) -> None:
        if self.root.exists():
            result = self.run("playbook-gen check", writes=False)
            assert " 0 errors" in result.stderr, result.output

    @invariant()
    def the_method_holds_on_the_files_and_the_pages(self) -> None:
        if not self.root.exists():
            return
        playbook = self.playbook()
        me = playbook.salespeople[SALESPERSON].data
        site = self.built()
        broken = file_violations(playbook, me.asks_per_week, me.cooldown_weeks)
        broken += plan_violations(playbook, site, today=self.today, asks_per_week=me.asks_per_week, cooldown=me.cooldown_weeks)
        broken += page_violations(playbook, site, today=self.today)
        assert broken == [], "\n".join(broken)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}


# -- the rules, derived again from the files --------------------------------------------------------------------


def file_violations(playbook: Playbook, asks_per_week: int, cooldown: int) -> list[str]:
    """What the recorded asks must never show: each was made as the method allows at the time."""
    broken = []
    per_week = Counter(monday_of(ask.date) for c in playbook.customers.values() for ask in c.data.asks)
    broken += [f"{week}: {count} asks recorded, more than {asks_per_week}" for week, count in per_week.items() if count > asks_per_week]
    open_for: dict[str, list[str]] = {}
    for connector in playbook.customers.values():
        asks = sorted(connector.data.asks, key=lambda a: a.date)
        for earlier, later in itertools.pairwise(asks):
            if later.date - earlier.date < timedelta(weeks=cooldown):
                broken.append(f"{connector.id} asked on {earlier.date} and {later.date}, inside the {cooldown}-week cool-down")
            if earlier.result in ("pending", "checking"):
                broken.append(f"{connector.id} asked again on {later.date} while the ask of {earlier.date} is still open")
        for ask in asks:
            if connector.data.do_not_ask:
                broken.append(f"{connector.id} is do_not_ask but was asked on {ask.date}")
            if ask.result in ("pending", "checking") and ask.contact:
                open_for.setdefault(ask.contact, []).append(connector.id)
            if ask.answered is not None and ask.answered < ask.date:
                broken.append(f"{connector.id}: answered {ask.answered} before the ask of {ask.date}")
            floor = ask.answered or ask.date
            for key in ("thanked", "thanked_meeting", "thanked_outcome"):
                day = getattr(ask, key)
                if day is not None and day < floor:
                    broken.append(f"{connector.id}: {key} {day} before {floor}")
            declined = [a for a in asks if a.contact and a.contact == ask.contact and a.result == "declined" and a.date < ask.date]
            if declined:
                broken.append(f"{connector.id} asked for {ask.contact} on {ask.date} after declining on {declined[0].date}")
    broken += [f"{contact} asked for through {sorted(who)} at once" for contact, who in open_for.items() if len(who) > 1]
    for connector in playbook.customers.values():  # every recorded event with a connector is a contact with them
        events = [day for a in connector.data.asks for day in (a.date, a.answered, a.thanked, a.thanked_meeting, a.thanked_outcome) if day is not None]
        events += [gift.date for gift in connector.data.gave]
        if events and (connector.data.last_contact is None or connector.data.last_contact < max(events)):
            broken.append(f"{connector.id}: last_contact {connector.data.last_contact} before the event of {max(events)}")
    return broken


def plan_violations(playbook: Playbook, site: Site, *, today: date, asks_per_week: int, cooldown: int) -> list[str]:
    """The plan the site offers (asks.csv, and the home page's this week) keeps the same rules, counting what was done."""
    broken = []
    made = Counter(monday_of(ask.date) for c in playbook.customers.values() for ask in c.data.asks)
    planned = Counter(date.fromisoformat(row["week"]) for row in site.plan)
    broken += [
        f"week of {week}: {made[week]} made + {count} planned > {asks_per_week}" for week, count in planned.items() if made[week] + count > asks_per_week
    ]
    for row in site.plan:
        week = date.fromisoformat(row["week"])
        connector = playbook.customers[row["connector"]]
        if any(a.result in ("pending", "checking") for a in connector.data.asks):
            broken.append(f"{row['connector']} planned in the week of {week} while an ask of theirs is open")
        if any(abs(week - a.date) < timedelta(weeks=cooldown) for a in connector.data.asks):
            broken.append(f"{row['connector']} planned in the week of {week} inside the cool-down")
        if connector.data.do_not_ask:
            broken.append(f"{row['connector']} planned although do_not_ask")
        if row["contact"]:
            if any(a.contact == row["contact"] and a.result in ("pending", "checking", "introduced") for c in playbook.customers.values() for a in c.data.asks):
                broken.append(f"{row['contact']} planned while asked or introduced")
            if any(a.contact == row["contact"] and a.result == "declined" for a in connector.data.asks):
                broken.append(f"{row['connector']} planned for {row['contact']}, whom they declined")
    this_week = monday_of(today).isoformat()
    offered = sorted(c for c in commands_of(site.pages[""]) if c.startswith("playbook-gen record ask "))
    expected = sorted(
        shlex.join(["playbook-gen", "record", "ask", row["connector"], *(["--contact", row["contact"]] if row["contact"] else ["--role", row["role"]])])
        for row in site.plan
        if row["week"] == this_week
    )
    if offered != expected:
        broken.append(f"home offers {offered}, the plan {expected}")
    return broken


def page_violations(playbook: Playbook, site: Site, *, today: date) -> list[str]:
    """Every date a page gives is the file's; no page asks for a thank-you already recorded; every page agrees on stages."""
    broken = []
    introductions = {
        a.contact: (c, a)
        for c in playbook.customers.values()
        for a in sorted(c.data.asks, key=lambda a: a.answered or a.date)
        if a.result == "introduced" and a.contact
    }
    index_stage = {row[0]: row[2] for row in table_of(site.pages["contacts"])[1:]}
    stages: Counter[str] = Counter()
    planned = {row["contact"] for row in site.plan if row["contact"]}
    for cid, contact in playbook.contacts.items():
        page = text_of(site.pages[f"contacts/{cid}"])
        stage = re.search(r"Stage: (.+?) · Priority", page)
        assert stage is not None, page[:300]
        stages[stage.group(1)] += 1
        if index_stage.get(contact.data.name) != stage.group(1):
            broken.append(f"contacts/{cid} says stage {stage.group(1)}, the contacts index {index_stage.get(contact.data.name)}")
        if cid in planned and stage.group(1) != "Not asked":
            broken.append(f"the plan asks for {cid}, whose page says stage {stage.group(1)}")
        if cid in introductions:
            connector, ask = introductions[cid]
            said = f"Introduced by {connector.data.name} on {(ask.answered or ask.date).isoformat()}"
            if said not in page:
                broken.append(f"contacts/{cid}: does not say '{said}'")
        if contact.data.met is not None and f"First conversation: {contact.data.met.isoformat()}" not in page:
            broken.append(f"contacts/{cid}: does not give its first conversation on {contact.data.met}")
    home = text_of(site.pages[""])
    for connector in playbook.customers.values():
        name, last = connector.data.name, connector.data.last_contact
        rhythm = connector.data.keep_in_touch_days or {5: 30, 4: 60, 3: 90, 2: 180, 1: 365}[connector.data.relationship]
        stale = last is not None and (today - last).days > 180
        due = last is not None and not stale and (today - last).days > rhythm
        if (f"Keep in touch with {name}:" in home) != due or (f"Reconnect with {name}:" in home) != stale:
            broken.append(f"home and {connector.id}'s last contact {last} (every {rhythm} days) disagree on keeping in touch")
        customer_page = text_of(site.pages[f"customers/{connector.id}"])
        for ask in connector.data.asks:
            if ask.result == "checking" and "is checking with them first" not in customer_page and "said they would check" not in customer_page:
                broken.append(f"customers/{connector.id} does not say the ask of {ask.date} is checking with the person first")
    chart = re.search(r"Contacts by stage: (.*?)\.", home)
    shown = dict(re.findall(r"([A-Z][a-z]+(?: [a-z]+)?) (\d+)", chart.group(1))) if chart else {}
    if {k: int(v) for k, v in shown.items()} != dict(stages):
        broken.append(f"the pipeline says {shown}, the contact pages {dict(stages)}")
    for command in site.commands(verb="thanked"):
        args = shlex.split(command)
        connector, contact, occasion = args[3], args[args.index("--contact") + 1] if "--contact" in args else None, args[-1]
        key = {"introduction": "thanked", "meeting": "thanked_meeting", "outcome": "thanked_outcome"}[occasion]
        asks = [a for a in playbook.customers[connector].data.asks if a.result == "introduced" and (contact is None or a.contact == contact)]
        if asks and getattr(max(asks, key=lambda a: a.date), key) is not None:
            broken.append(f"a page asks '{command}', already recorded")
    return broken


class _CachedTemplates(jinja2.BytecodeCache):
    """Every build of the simulation compiles Material's templates once, not once per step (speed only)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def test_a_month_with_the_playbook_keeps_the_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.theme import Theme

    cache = _CachedTemplates()
    real_env = Theme.get_env

    def cached_env(self: Theme) -> jinja2.Environment:
        env = real_env(self)
        env.bytecode_cache = cache
        return env

    monkeypatch.setattr(Theme, "get_env", cached_env)
    run_state_machine_as_test(
        MonthWithThePlaybook,
        settings=settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, suppress_health_check=list(HealthCheck)),
    )
