"""The ``playbook-gen`` command line: click commands only; the work is in the core."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click
from mkdocs.exceptions import MkDocsException

from . import __version__
from .addresses import Addresses
from .check import check_playbook
from .edit import record
from .edit.editor import Editor
from .edit.journal import write_all
from .edit.writing import Writing, finish_interrupted, one_writer
from .encryption import named_in_the_clear, unencrypted
from .exports import asks_csv, asks_ics
from .generate import generate as generate_tree
from .imports import run as imports
from .init import init_repository
from .jobs import BuildResult, default_jobs, describe_record, plan_builds, run_builds
from .kinds import BY_NAME, json_schema
from .method import THANK_YOU_BY_OCCASION
from .model import STAGES
from .newprofile import NEW_KINDS, profile_file
from .options import resolve_salesperson
from .plan import plan_asks
from .playbook import ProfileCache
from .problems import PlaybookError, Problem, display_path, errors, warnings
from .project import Project, load_chosen, load_project, load_repository, profile_words, salesperson_ids
from .recording import Recorded, Runner
from .serve import serve as serve_playbook
from .site import page_url

SALESPERSON_HELP = "Id of the salesperson (default: PLAYBOOK_SALESPERSON, the plugin option, or the only one)."


class Failure(click.ClickException):
    """Errors already worded as ``path:line: message`` lines: shown as they are, exit status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)


class PlaybookGroup(click.Group):
    """Every error becomes its own clear lines, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            raise Failure(str(exc)) from None
        except MkDocsException as exc:  # MkDocs has logged the details; this is its last word
            raise Failure(exc.format_message()) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            raise Failure(f"{exc.filename or 'playbook-gen'}: {exc.strerror or exc}") from None
        except Exception as exc:  # still one line, as the contract promises; exit status 1
            raise Failure(f"playbook-gen: unexpected {type(exc).__name__}: {exc}") from None


class _EchoHandler(logging.Handler):
    """MkDocs' log, on standard error, in the CLI's words."""

    def __init__(self, config_display: str) -> None:
        super().__init__()
        self.config_display = config_display

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(describe_record(record, config_display=self.config_display), err=True)


@contextmanager
def _mkdocs_log_shown(config_file: Path) -> Iterator[_EchoHandler]:
    """Show MkDocs' warnings and errors while a command runs; the logger is left as it was found."""
    logger = logging.getLogger("mkdocs")
    handler = _EchoHandler(display_path(config_file.absolute()))
    handler.setLevel(logging.WARNING)
    level = logger.level
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@dataclass(frozen=True)
class Settings:
    """The global options, and where MkDocs' messages go."""

    config_file: Path
    log: _EchoHandler | None
    echo: Callable[[str, bool], None] = field(default=lambda text, err: click.echo(text, err=err))
    """Where a writing command's lines go: the terminal, or the page that recorded an event (:mod:`playbook_gen.recording`)."""
    command: str | None = None
    """The command being run, as the lock names it to a command that waits; None: this process's own."""

    def project(self) -> Project:
        """``mkdocs.yml``, loaded and validated by MkDocs."""
        return load_project(self.config_file)

    def show_progress(self) -> None:
        """Show MkDocs' informational messages too ("Serving on ...")."""
        if self.log is not None:
            self.log.setLevel(logging.INFO)
        logging.getLogger("mkdocs").setLevel(logging.INFO)


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-gen")
@click.option(
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The playbook's MkDocs configuration; docs_dir is read from it.",
)
@click.pass_context
def main(ctx: click.Context, config_file: Path) -> None:
    """Referral playbooks: one-person ask scripts and first-meeting guides from Markdown profiles."""
    ctx.obj = Settings(config_file=config_file, log=ctx.with_resource(_mkdocs_log_shown(config_file)))


@main.command()
@click.pass_obj
def check(settings: Settings) -> None:
    """Validate every profile; exit 1 on errors.

    Every profile of every salesperson is read; each problem is printed as
    'path:line: message' (warnings as 'path:line: warning: message'). An edit
    that was interrupted (a writing command killed half way) is completed or
    undone first, saying so in one line.
    """
    project = settings.project()
    for line in finish_interrupted(project.root):
        click.echo(line, err=True)
    report = check_playbook(project)
    for problem in report.problems:
        click.echo(str(problem))
    found = errors(report.problems)
    click.echo(f"{report.profiles} profiles checked: {_count(len(found), 'error')}, {_count(len(warnings(report.problems)), 'warning')}", err=True)
    if found:
        raise click.exceptions.Exit(1)


@main.command()
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.option("--all", "every", is_flag=True, help="Build one site per salesperson, in parallel processes.")
@click.option("--team", is_flag=True, help="Also build the sales manager's team site into SITE_DIR/team/ (alone: only that).")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Each site goes to SITE_DIR/<id>/ (default: site_dir of mkdocs.yml, 'site').",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Builds at once with --all (default: the number of CPUs).")
@click.option("--strict", is_flag=True, help="Fail on warnings.")
@click.pass_obj
def build(settings: Settings, salesperson: str | None, every: bool, team: bool, site_dir: Path | None, jobs: int | None, strict: bool) -> None:
    """Build one playbook, or one per salesperson, and the team site.

    Each salesperson's site goes to SITE_DIR/<id>/, the team site to
    SITE_DIR/team/. A site is replaced only when its build succeeded: a failed
    build leaves the previous site as it was.
    """
    if salesperson and every:
        raise click.UsageError("give --salesperson ID or --all, not both")
    project = settings.project()
    profiles = ProfileCache()  # every profile parsed and validated once, here, for all the sites below
    if every:
        ids = salesperson_ids(project.docs_dir)
    elif team and not salesperson:
        ids = []  # the team site alone
    else:
        ids = [load_chosen(project, salesperson, profiles=profiles)[1].salesperson.id]
    if not ids and not (team and salesperson_ids(project.docs_dir)):
        raise PlaybookError([Problem(project.shown(project.docs_dir / "salespeople"), None, "no salesperson to build")])
    builds = plan_builds(project, salespeople=ids, site_dir=(site_dir or project.site_dir).absolute(), strict=strict, team=team)
    jobs = jobs or default_jobs()
    progress = BuildProgress(total=len(builds), on_terminal=stderr_is_terminal())
    if opening := progress.opening(jobs):
        click.echo(opening, err=True)
    if not profiles.entries:
        load_repository(project, profiles=profiles)
    failed = []
    for result in run_builds(builds, jobs=jobs, profiles=profiles):
        for line in result.messages:
            click.echo(line, err=True)
        click.echo(progress.line(result), err=True)
        if not result.ok:
            failed.append(result.salesperson)
    if summary := progress.summary():
        click.echo(summary, err=True)
    if failed:
        raise Failure(f"{len(failed)} of {len(builds)} playbooks failed: {', '.join(failed)}")


def stderr_is_terminal() -> bool:
    """Whether a person watches the build: progress with timings then, one plain line per site otherwise."""
    stream = sys.stderr
    return stream is not None and stream.isatty()


@dataclass
class BuildProgress:
    """The line each finished build prints, and the closing total.

    On a terminal: ``3/12 maya-okafor built in 4.1 s: site/maya-okafor/`` and a
    total line at the end. Elsewhere (CI logs, pipes): one stable line per site,
    ``maya-okafor: built site/maya-okafor/``, and nothing more.
    """

    total: int
    on_terminal: bool
    started: float = field(default_factory=time.perf_counter)
    done: int = 0
    built: int = 0

    @property
    def counted(self) -> bool:
        """Several builds watched on a terminal: they are counted, and the total time is shown."""
        return self.on_terminal and self.total > 1

    def opening(self, jobs: int) -> str | None:
        """``building 12 sites, 2 at a time`` on a terminal, before the first one is done."""
        if not self.counted:
            return None
        return f"building {self.total} sites, {min(jobs, self.total)} at a time"

    def line(self, result: BuildResult) -> str:
        self.done += 1
        self.built += result.ok
        where = display_path(result.target)
        if not self.on_terminal:
            return f"{result.salesperson}: built {where}/" if result.ok else f"{result.salesperson}: not built; {where}/ is unchanged"
        counted = f"{self.done}/{self.total} " if self.counted else ""
        if result.ok:
            return f"{counted}{result.salesperson} built in {result.seconds:.1f} s: {where}/"
        return f"{counted}{result.salesperson} not built ({result.seconds:.1f} s); {where}/ is unchanged"

    def summary(self) -> str | None:
        """``12 of 12 sites built in 38.2 s`` on a terminal when there were several builds; else nothing."""
        if not self.counted:
            return None
        return f"{self.built} of {self.total} sites built in {time.perf_counter() - self.started:.1f} s"


@main.command()
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
@click.pass_obj
def serve(settings: Settings, salesperson: str | None, dev_addr: str | None) -> None:
    """Serve one playbook, like 'mkdocs serve'.

    The site is rebuilt and the browser reloaded on every change to a profile,
    a page or a template.
    """
    settings.show_progress()
    project = settings.project()
    serve_playbook(project, salesperson=load_chosen(project, salesperson)[1].salesperson.id, dev_addr=dev_addr)


@main.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("name")
@click.option("--owner", metavar="ID", help="Whose customer or contact it is; needed when there are several salespeople.")
@click.option("--id", "profile_id", metavar="ID", help="The file's id (default: the name in lowercase ASCII, 'Zoë Test' -> zoe-test).")
@click.pass_obj
def new(settings: Settings, kind: str, name: str, owner: str | None, profile_id: str | None) -> None:
    """Write a new profile from a template.

    Writes docs/<kind>/<id>.md for NAME with every key and its default, as
    comments to fill in. Never overwrites a file.
    """
    project = settings.project()
    with _writer(project) as writing:
        new_file = profile_file(project.docs_dir, kind=kind, name=name, owner=owner, profile_id=profile_id, salespeople=salesperson_ids(project.docs_dir))
        write_all([new_file], root=project.root, command=writing.command)
    click.echo(display_path(new_file.path))


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--salesperson", "name", required=True, metavar='"FULL NAME"', help="The first salesperson: whose playbook this is.")
@click.option("--company", metavar="NAME", help="Your company: in the site's name and the salesperson's profile.")
def init(directory: Path, name: str, company: str | None) -> None:
    """Start a playbook repository in DIRECTORY (default: here) that builds at once.

    Writes mkdocs.yml, the docs/ folders, the salesperson's profile, a short
    docs/index.md, a .gitignore, the CI workflow and a README. Never
    overwrites; refuses a folder that already holds a playbook.
    """
    started = init_repository(directory, salesperson=name, company=company)
    for path in started.files:
        if path.name != ".gitkeep":
            click.echo(display_path(path))
    for path in started.kept:
        click.echo(f"{display_path(path)}: already there, left as it is", err=True)
    click.echo(started.pin.note, err=True)
    where = display_path(started.root)
    click.echo(
        f"next: fill in your offer in {display_path(started.salesperson)}, add people with playbook-gen new customer|contact "
        f'"Full Name", then run playbook-gen build (in {where})',
        err=True,
    )


@main.command()
@click.pass_obj
def matrix(settings: Settings) -> None:
    """Print the salesperson ids as JSON, for CI.

    One line, a sorted JSON array, ready for a CI matrix.
    """
    click.echo(json.dumps(salesperson_ids(settings.project().docs_dir)))


@main.command("verify-encrypted")
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def verify_encrypted(settings: Settings, site_dir: Path) -> None:
    """Check that a built site holds no page or file in plain text, and names nobody in the clear.

    Lists every HTML page that is not an unlock page, and every search index,
    asks.ics or asks.csv that is not ciphertext; then, read from the playbook of
    --config, every path that holds a profile id and every unlock page that shows a
    name; exit 1 if there is one. CI runs it before uploading or publishing.
    """
    shown = display_path(site_dir)
    found = unencrypted(site_dir)
    for relative in found:
        where = shown + "/" if relative.startswith("(") else display_path(site_dir / relative) + ":"
        click.echo(f"{where} {relative.strip('()') if relative.startswith('(') else 'not encrypted'}", err=True)
    named: list[tuple[str, str]] = []
    if settings.config_file.is_file():
        ids, names = profile_words(settings.project())
        named = named_in_the_clear(site_dir, ids=ids, names=names)
    else:
        click.echo(f"{display_path(settings.config_file)}: no playbook here, so paths were not checked for profile ids", err=True)
    for relative, word in named:
        click.echo(f"{display_path(site_dir / relative)}: names '{word}' outside the ciphertext", err=True)
    if found:
        raise Failure(f"{len(found)} file(s) in {shown}/ are not encrypted: set 'encrypt: true' for the playbook plugin in mkdocs.yml")
    if named:
        raise Failure(f"{len(named)} path(s) in {shown}/ name a profile outside the ciphertext: build it again with this playbook-gen (opaque addresses)")
    click.echo(f"{shown}/: every page and personal file is encrypted, and no path names a profile", err=True)


@main.command()
@click.argument("kind", type=click.Choice(["ics", "csv"]))
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.pass_obj
def export(settings: Settings, kind: str, salesperson: str | None) -> None:
    """Print the ask plan as a calendar or a table.

    The same bytes as the site's asks.ics (ics) or asks.csv (csv).
    """
    project = settings.project()
    _, book = load_chosen(project, salesperson)
    plan = plan_asks(book)
    links = page_url(project.config.site_url, addresses=Addresses(), directory_urls=project.config.use_directory_urls)
    click.echo(asks_ics(book, plan, page_url=links) if kind == "ics" else asks_csv(plan).encode("utf-8"), nl=False)  # bytes: written as they are


@main.command()
def schema() -> None:
    """Print the JSON Schema of the front matter.

    One schema for every profile kind, made from the models that validate them.
    """
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write (empty, or an earlier output).")
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.option("--team", is_flag=True, help="Write the sales manager's team site instead of one playbook.")
@click.pass_obj
def generate(settings: Settings, out: Path, salesperson: str | None, team: bool) -> None:
    """Write a playbook (or the team site) as plain Markdown for MkDocs.

    Writes OUT/docs/, OUT/mkdocs.yml and the theme override that keeps every
    page out of search engines. Plain MkDocs builds it without the playbook
    plugin: mkdocs build -f OUT/mkdocs.yml
    """
    if team and salesperson:
        raise click.UsageError("give --salesperson ID or --team, not both")
    tree = generate_tree(settings.project(), wanted=salesperson, out=out, team=team)
    for problem in tree.warnings:
        click.echo(str(problem), err=True)
    where = display_path(tree.out)
    click.echo(f"{tree.salesperson}: wrote {tree.pages} pages to {where}/; build it with: mkdocs build -f {where}/mkdocs.yml", err=True)


# -- writing back: record, forget, rename ------------------------------------------------


def _dates(function: Any) -> Any:
    return click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day it happened, YYYY-MM-DD (default: today, as the site's).")(
        function
    )


def _dry_run(function: Any) -> Any:
    return click.option("--dry-run", is_flag=True, help="Print the unified diff and write nothing.")(function)


def _person(function: Any) -> Any:
    function = click.option("--role", metavar="TEXT", help="Or: one role-person of the connector ('accountant').")(function)
    return click.option("--contact", "contact_id", metavar="ID", help="The one person: a contact id.")(function)


def _one_person(contact_id: str | None, role: str | None) -> None:
    if (contact_id is None) == (role is None):
        raise click.UsageError("name exactly one person: --contact ID or --role TEXT")


@contextmanager
def _writer(project: Project, *, dry_run: bool = False, settings: Settings | None = None) -> Iterator[Writing]:
    """The playbook's lock, for one writing command; what an interrupted edit left is finished first, and said."""
    echo = settings.echo if settings is not None else (lambda text, err: click.echo(text, err=err))
    with one_writer(project.root, finish=not dry_run, command=settings.command if settings is not None else None) as writing:
        for line in writing.recovered:
            echo(line, True)
        yield writing


def _edit(settings: Settings, on: Any, dry_run: bool, change: Any) -> None:
    """Under the lock: open the playbook, make one change through the core's editor, validate it with the whole playbook, write it."""
    project = settings.project()
    with _writer(project, dry_run=dry_run, settings=settings) as writing:
        editor = Editor(load_repository(project), root=project.root, today=project.today(), command=writing.command)
        change(editor, on.date() if on is not None else editor.today)
        changes = editor.apply(dry_run=dry_run)
    for line in editor.notes:
        settings.echo(line, True)
    for file_change in changes:
        settings.echo(file_change.diff().rstrip("\n") if dry_run else file_change.report(), False)
    if not changes:
        settings.echo("nothing to change: the files already say so", True)
    elif dry_run:
        settings.echo(f"dry run: {_count(len(changes), 'file')} would change; nothing was written", True)


@main.group("record", cls=PlaybookGroup)
def record_group() -> None:
    """Write down what happened: an ask, its answer, a stage, a thank-you, an outcome.

    Each command changes only the lines of the event, checks the whole
    playbook with the edit applied, and writes every file or none.
    """


@record_group.command("ask")
@click.argument("connector")
@_person
@_dates
@click.option("--force", is_flag=True, help="Record an ask the method forbids (the refusal says which rule).")
@click.option("--salesperson", metavar="ID", help="Who asked, for a connector and person several salespeople share (written as 'by').")
@_dry_run
@click.pass_obj
def record_ask(
    settings: Settings, connector: str, contact_id: str | None, role: str | None, on: Any, force: bool, salesperson: str | None, dry_run: bool
) -> None:
    """An ask made of CONNECTOR for one person (pending); the contact moves to 'asked'."""
    _one_person(contact_id, role)
    chosen = resolve_salesperson(settings.project().options.salesperson)
    _edit(
        settings,
        on,
        dry_run,
        lambda ed, day: record.record_ask(ed, connector, contact_id=contact_id, role=role, on=day, force=force, salesperson=salesperson, chosen=chosen),
    )


@record_group.command("answer")
@click.argument("connector")
@_person
@click.argument("result", type=click.Choice(["checking", "introduced", "declined", "no-answer"]))
@click.option("--new-contact", metavar='"FULL NAME"', help="With --role and introduced: write the introduced person's contact profile.")
@_dates
@_dry_run
@click.pass_obj
def record_answer(
    settings: Settings, connector: str, contact_id: str | None, role: str | None, result: str, new_contact: str | None, on: Any, dry_run: bool
) -> None:
    """The answer to CONNECTOR's latest open ask for that person.

    RESULT is 'checking' (they are asking the person first: the ask stays open),
    'introduced', 'declined' or 'no-answer'.
    """
    _one_person(contact_id, role)
    _edit(
        settings,
        on,
        dry_run,
        lambda ed, day: record.record_answer(ed, connector, contact_id=contact_id, role=role, result=result, on=day, new_contact=new_contact),
    )


@record_group.command("stage")
@click.argument("contact")
@click.argument("stage", type=click.Choice(list(STAGES)))
@_dates
@_dry_run
@click.pass_obj
def record_stage(settings: Settings, contact: str, stage: str, on: Any, dry_run: bool) -> None:
    """CONTACT's stage; 'first-conversation' also sets 'met' when it is empty."""
    _edit(settings, on, dry_run, lambda ed, day: record.record_stage(ed, contact, stage=stage, on=day))


@record_group.command("thanked")
@click.argument("connector")
@_person
@click.option(
    "--for",
    "occasion",
    type=click.Choice(list(THANK_YOU_BY_OCCASION)),
    help="Which thank-you: for the introduction, after the first conversation (meeting), at the outcome (default: the one that is due).",
)
@_dates
@_dry_run
@click.pass_obj
def record_thanked(settings: Settings, connector: str, contact_id: str | None, role: str | None, occasion: str | None, on: Any, dry_run: bool) -> None:
    """CONNECTOR was thanked for that introduction: its reminder ends (never overwrites an earlier thank-you)."""
    _one_person(contact_id, role)
    _edit(settings, on, dry_run, lambda ed, day: record.record_thanked(ed, connector, contact_id=contact_id, role=role, on=day, occasion=occasion))


@record_group.command("gave")
@click.argument("connector")
@click.argument("what")
@_dates
@_dry_run
@click.pass_obj
def record_gave(settings: Settings, connector: str, what: str, on: Any, dry_run: bool) -> None:
    """Something you did for CONNECTOR (WHAT: "introduced her to a freight broker"): give before you ask again."""
    _edit(settings, on, dry_run, lambda ed, day: record.record_gave(ed, connector, what=what, on=day))


@record_group.command("outcome")
@click.argument("contact")
@click.argument("statement")
@click.option("--importance", required=True, type=click.IntRange(1, 10), help="How important the outcome is to them, 1-10.")
@click.option("--satisfaction", required=True, type=click.IntRange(1, 10), help="How satisfied they are with it today, 1-10.")
@_dry_run
@click.pass_obj
def record_outcome(settings: Settings, contact: str, statement: str, importance: int, satisfaction: int, dry_run: bool) -> None:
    """Adds an outcome of CONTACT, or updates the one with the same STATEMENT (case ignored)."""
    _edit(settings, None, dry_run, lambda ed, day: record.record_outcome(ed, contact, statement=statement, importance=importance, satisfaction=satisfaction))


@record_group.command("contacted")
@click.argument("customer")
@_dates
@_dry_run
@click.pass_obj
def record_contacted(settings: Settings, customer: str, on: Any, dry_run: bool) -> None:
    """You spoke with CUSTOMER: their last_contact."""
    _edit(settings, on, dry_run, lambda ed, day: record.record_contacted(ed, customer, on=day))


def run_record(config_file: Path, argv: list[str], *, command: str) -> Recorded:
    """Run ``playbook-gen --config CONFIG_FILE record ARGV`` in this process, as the command line runs it; its lines collected.

    What a page's button (under serve) and an issue (:mod:`playbook_gen.hosted`) run: one code path with the command line.
    ``command``: the command as the lock names it to a command that waits.
    """
    lines: list[str] = []
    settings = Settings(config_file=config_file, log=None, echo=lambda text, err: lines.append(text), command=command)
    try:
        with record_group.make_context("record", list(argv), obj=settings) as context:
            record_group.invoke(context)
    except click.UsageError as exc:
        return Recorded(2, (*lines, exc.format_message()))
    except click.ClickException as exc:
        return Recorded(1, (*lines, *exc.format_message().splitlines()))
    return Recorded(0, tuple(lines))


def _runner(config_file: Path) -> Runner:
    return lambda argv, command: run_record(config_file, argv, command=command)


_KIND = click.option("--kind", type=click.Choice(list(BY_NAME)), help="When the id names profiles of two kinds.")


@main.command()
@click.argument("profile_id", metavar="ID")
@click.option("--reassign", metavar="OTHER", help="For a salesperson: hand their customers and contacts to OTHER.")
@_KIND
@_dry_run
@click.pass_obj
def forget(settings: Settings, profile_id: str, reassign: str | None, kind: str | None, dry_run: bool) -> None:
    """Remove a profile and every reference to ID in every file.

    The erasure a person may ask for: the file goes, and so do the knows,
    known_by and asks entries that name it. Notes are not edited: any that
    still mention the id are listed, to edit by hand.
    """
    _edit(settings, None, dry_run, lambda ed, day: record.forget(ed, profile_id, kind=kind, reassign=reassign))


@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@_KIND
@_dry_run
@click.pass_obj
def rename(settings: Settings, old: str, new: str, kind: str | None, dry_run: bool) -> None:
    """Rename a profile's file from OLD to NEW and every reference to the id."""
    _edit(settings, None, dry_run, lambda ed, day: record.rename(ed, old, new, kind=kind))


@main.command("import")
@click.argument("source", metavar="linkedin|csv|vcard", type=click.Choice(["linkedin", "csv", "vcard"]))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "folder", required=True, type=click.Choice(["customers", "contacts"]), help="Make them customers (connectors) or contacts (targets).")
@click.option("--owner", metavar="ID", help="Whose they are; needed when there are several salespeople.")
@click.option(
    "--map", "mapping", metavar="KEY=COLUMN", multiple=True, help="For any other CSV: which column holds name, company, role, email, phone or linkedin."
)
@click.option("--dry-run", is_flag=True, help="Print what would be created and updated, and write nothing.")
@click.pass_obj
def import_(settings: Settings, source: str, file: Path, folder: str, owner: str | None, mapping: tuple[str, ...], dry_run: bool) -> None:
    """Bring in people from LinkedIn's Connections.csv, a CRM export or vCards.

    Each person becomes a profile, unless they match a customer or contact
    already there, or a row above (same email, same LinkedIn profile, or same
    name and company): then only its empty keys are filled, and a person who
    is already of the other kind is left as they are. Two people are never
    merged on a guess: a match that anything contradicts is listed for
    review. People erased with 'forget' are skipped. Importing the same file
    twice changes nothing the second time.
    """
    pairs = {}
    for item in mapping:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise click.UsageError(f"--map takes KEY=COLUMN, got {item!r}")
        pairs[key.strip()] = column.strip()
    if pairs and source != "csv":
        raise click.UsageError("--map goes with csv")
    project = settings.project()
    rows = imports.read_rows(source, file, mapping=pairs)
    with _writer(project, dry_run=dry_run) as writing:
        editor = Editor(load_repository(project), root=project.root, today=project.today(), command=writing.command)
        report = imports.import_rows(editor, rows, folder=folder, owner=owner)
        changes = editor.apply(dry_run=dry_run)
    for file_change in changes:
        click.echo(file_change.report())
    for line in report.lines:
        click.echo(line)
    click.echo(report.summary(), err=True)
    if dry_run:
        click.echo(f"dry run: {_count(len(changes), 'file')} would change; nothing was written", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# -- a hosted playbook: the issue that records (SPEC §12) ---------------------------------


@main.group("record-issue", cls=PlaybookGroup)
def record_issue() -> None:
    """Apply the record command an issue holds: for the CI of a hosted playbook.

    The page's buttons open an issue holding one 'playbook-gen record' command.
    It is applied only for someone with write access, once per issue, through
    the record command itself; the issue is answered with what it did.
    Set up by playbook-gen init (GitHub) or deploy/gitlab/record.gitlab-ci.yml.
    """


@record_issue.command("github", short_help="Apply the issue of a GitHub issues event.")
@click.argument("event_file", metavar="EVENT_JSON", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--permission", metavar="LEVEL", help="The author's permission as GitHub's API gives it (admin, maintain, write, read, none, or unknown).")
@click.option("--comment-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the comment to post on the issue here (nothing: none to post).")
@click.option("--message-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the commit message here when the playbook changed.")
@click.pass_context
def record_issue_github(ctx: click.Context, event_file: Path, permission: str | None, comment_file: Path | None, message_file: Path | None) -> None:
    """Apply the issue of a GitHub 'issues' event (EVENT_JSON: $GITHUB_EVENT_PATH).

    Exit 0: recorded, already recorded, nothing to change, or not an issue that
    records; exit 1: refused (the comment says why). The workflow commits the
    change with the message file, posts the comment and closes the issue.
    """
    from . import hosted

    settings: Settings = ctx.obj
    event = hosted.read_event(event_file)
    answer = hosted.github_answer(event, run=_runner(settings.config_file), git=hosted.git_in(settings.project().root), permission=permission)
    for path, text in ((comment_file, answer.comment), (message_file, answer.message)):
        if path is not None and text is not None:
            path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    click.echo(answer.log)
    ctx.exit(answer.exit_code)


@record_issue.command("gitlab", short_help="Apply the open issues of a GitLab project.")
@click.option("--api-url", envvar="CI_API_V4_URL", required=True, help="GitLab's API (default: $CI_API_V4_URL).")
@click.option("--project", envvar="CI_PROJECT_ID", required=True, help="The project's id (default: $CI_PROJECT_ID).")
@click.option("--branch", envvar="CI_DEFAULT_BRANCH", required=True, help="The branch to push to (default: $CI_DEFAULT_BRANCH).")
@click.option("--project-url", envvar="CI_PROJECT_URL", help="The project's web address, for a prefilled 'record anyway' issue (default: $CI_PROJECT_URL).")
@click.pass_context
def record_issue_gitlab(ctx: click.Context, api_url: str, project: str, branch: str, project_url: str | None) -> None:
    """Apply every open issue labelled playbook-record, oldest first, for a scheduled pipeline.

    The token is the CI/CD variable PLAYBOOK_GITLAB_TOKEN (a project access
    token, Developer role, api scope). Each change is committed, the commits
    pushed to BRANCH, then each issue answered and closed. Exit 0 when every
    issue was answered (a refusal too: its answer says why); 1 on an error.
    """
    import os

    from . import hosted

    token = os.environ.get("PLAYBOOK_GITLAB_TOKEN", "")
    if not token:
        raise Failure("PLAYBOOK_GITLAB_TOKEN is not set: a project access token with the Developer role and the api scope")
    settings: Settings = ctx.obj
    client = hosted.GitLab(api_url, project, token)
    git = hosted.git_in(settings.project().root)
    answers = hosted.run_gitlab(client, run=_runner(settings.config_file), git=git, branch=branch, repo_url=project_url)
    for answer in answers:
        click.echo(answer.log)
    click.echo(f"{_count(len(answers), 'issue')} read", err=True)
