"""Build playbook sites with MkDocs' own API: one salesperson per build, each in a worker process.

A build renders into a fresh folder next to its target and replaces the old
site only when MkDocs finished without an error, so a failed build leaves the
previous site as it was. The salesperson and "today" reach the plugin as its
options; the worker process drops ``PLAYBOOK_SALESPERSON`` and
``PLAYBOOK_TODAY`` from its own environment, which would otherwise override
them, and nothing of the parent's environment changes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, MkDocsException
from mkdocs.utils.yaml import yaml_load

from . import site as core
from .addresses import Addresses
from .book import Book
from .books import NO_SALESPERSON
from .encryption import site_address_key
from .ids import id_from_name, is_valid_id
from .options import SALESPERSON_ENV, TODAY_ENV, resolve_salesperson, resolve_today
from .playbook import Playbook, load_playbook
from .problems import PlaybookError, Problem
from .teamsite import TEAM_ID

PLUGIN_NAME = "playbook"
SITE_MARKER = ".playbook-gen-site"
"""Written into every site this tool builds: only a folder holding it is ever replaced."""
SITE_MARKER_TEXT = "This folder is a playbook site built by playbook-gen; the next build replaces it whole.\n"
_PLUGIN_LOGGER = f"mkdocs.plugins.{__package__}"


# -- the repository, as its mkdocs.yml describes it ---------------------------


@dataclass(frozen=True)
class PlaybookOptions:
    """The ``playbook`` plugin's options in ``mkdocs.yml`` (defaults when the plugin is not listed)."""

    salesperson: str | None = None
    today: str | None = None
    templates_dir: str = "templates"
    external_fonts: bool = False
    encrypt: bool = False


@dataclass(frozen=True)
class Project:
    """A playbook repository: its ``mkdocs.yml``, loaded and validated by MkDocs."""

    config_file: Path
    config: MkDocsConfig
    options: PlaybookOptions
    has_plugin: bool

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    @property
    def templates_dir(self) -> Path:
        return self.root / self.options.templates_dir

    @property
    def display_config(self) -> str:
        return display_path(self.config_file)

    def shown(self, path: Path) -> str:
        """A path as problems name it: relative to the repository root, like every profile's path."""
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path)

    def today(self) -> date:
        """``PLAYBOOK_TODAY``, else the plugin option, else the real date."""
        return resolve_today(self.options.today, where=self.display_config)

    def require_plugin(self) -> None:
        """Building a site needs the plugin; without it MkDocs would publish the raw profiles."""
        if not self.has_plugin:
            raise PlaybookError([Problem(self.display_config, None, f"the '{PLUGIN_NAME}' plugin is not in 'plugins'; add it to build a playbook")])


def display_path(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def load_project(config_file: Path, **overrides: Any) -> Project:
    """Read ``mkdocs.yml`` with MkDocs' own loader; a missing or broken file is one clear error."""
    config_file = config_file.absolute()
    if not config_file.is_file():
        raise PlaybookError(
            [Problem(display_path(config_file), None, "no such file: run playbook-gen in a playbook repository or give --config")]
        )
    try:
        config = load_config(str(config_file), **overrides)
    except ConfigurationError as exc:
        if isinstance(exc.__context__, yaml.MarkedYAMLError):
            raise PlaybookError([yaml_problem(exc.__context__, fallback=config_file)]) from None
        raise
    plugin = config.plugins.get(PLUGIN_NAME)
    options = PlaybookOptions()
    if plugin is not None:
        options = PlaybookOptions(
            salesperson=plugin.config.salesperson,
            today=plugin.config.today,
            templates_dir=plugin.config.templates_dir,
            external_fonts=plugin.config.external_fonts,
            encrypt=plugin.config.encrypt,
        )
    return Project(config_file=config_file, config=config, options=options, has_plugin=plugin is not None)


def yaml_problem(error: yaml.MarkedYAMLError, *, fallback: Path) -> Problem:
    """A YAML syntax error in ``mkdocs.yml`` (or a file it inherits) on one line, at the line where the broken part starts."""
    mark = error.context_mark or error.problem_mark
    path = Path(mark.name) if mark is not None and mark.name and not mark.name.startswith("<") else fallback
    detail = " ".join(part for part in (error.problem, f"({error.context})" if error.context else None) if part)
    return Problem(display_path(path.absolute()), mark.line + 1 if mark is not None else None, f"invalid YAML: {detail}")


def raw_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as MkDocs reads it: ``INHERIT`` merged and ``!ENV`` resolved, not yet validated."""
    with config_file.open("rb") as source:
        return yaml_load(source)


def salesperson_ids(docs_dir: Path) -> list[str]:
    """Every salesperson file's id, sorted; a file that fails to validate still counts, so its build reports why."""
    folder = docs_dir / "salespeople"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".") and is_valid_id(p.stem))


def load_repository(project: Project) -> Playbook:
    """Every profile of every salesperson, validated; problems are collected, not raised."""
    return load_playbook(project.docs_dir, root=project.root)


def profile_words(project: Project) -> tuple[list[str], list[str]]:
    """Every profile id of the repository (and the id each person's name makes), and every person's name.

    ``verify-encrypted`` looks for them in what an encrypted site leaves in the clear.
    """
    playbook = load_repository(project)
    ids: set[str] = set()
    names: set[str] = set()
    for profiles in (playbook.salespeople, playbook.customers, playbook.contacts, playbook.banks):
        for profile_id, profile in profiles.items():
            ids.add(profile_id)
            name = getattr(profile.data, "name", None)
            if name:
                names.add(name)
                ids.add(id_from_name(name))
    return sorted(i for i in ids if i), sorted(names)


@dataclass(frozen=True)
class CheckReport:
    """Every problem of every profile, and how many profile files were read."""

    problems: list[Problem]
    profiles: int


def check_playbook(project: Project) -> CheckReport:
    """Validate every profile of every salesperson; a repository without a salesperson is an error too."""
    playbook = load_repository(project)
    problems = list(playbook.problems)
    if not salesperson_ids(project.docs_dir):
        problems.append(
            Problem(project.shown(project.docs_dir / "salespeople"), None, NO_SALESPERSON)
        )
    read = len(playbook.salespeople) + len(playbook.customers) + len(playbook.contacts) + len(playbook.banks) + len(playbook.broken_owners)
    return CheckReport(problems=sorted(problems), profiles=read)


def load_chosen(project: Project, wanted: str | None) -> tuple[Playbook, Book]:
    """The repository and the chosen salesperson's view of it; their files' errors are raised here.

    The choice: ``--salesperson``, else ``PLAYBOOK_SALESPERSON``, else the
    plugin option, else the only salesperson (SPEC section 4).
    """
    chosen = wanted or resolve_salesperson(project.options.salesperson)
    return core.load_book(project.docs_dir, salesperson=chosen, today=project.today(), root=project.root)


def choose_salesperson(project: Project, wanted: str | None) -> str:
    """The id of the salesperson to build, once their files are known to be valid."""
    _, book = load_chosen(project, wanted)
    return book.salesperson.id


# -- one build ----------------------------------------------------------------


@dataclass(frozen=True)
class BuildJob:
    """One salesperson's site, built from ``config_file`` into ``target``."""

    config_file: Path
    salesperson: str
    today: date
    target: Path
    strict: bool = False
    team: bool = False  # the sales manager's team site, not one salesperson's playbook


@dataclass(frozen=True)
class BuildResult:
    """What one build did, with the messages it logged, in order."""

    salesperson: str
    target: Path
    ok: bool
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the build's own wall time, in its worker


def plugins_choosing(raw_plugins: Any, *, salesperson: str | None, today: date | None, team: bool = False) -> Any:
    """The ``plugins`` setting with the playbook plugin's ``salesperson`` (and ``today``, if given) set; or ``team: true``."""
    chosen: dict[str, Any] = {"team": True} if team else {"salesperson": salesperson}
    chosen |= {"today": today.isoformat()} if today else {}
    if isinstance(raw_plugins, dict):
        return {name: ({**(opts or {}), **chosen} if name == PLUGIN_NAME else opts) for name, opts in raw_plugins.items()}
    result: list[Any] = []
    for entry in raw_plugins or []:
        if entry == PLUGIN_NAME:
            entry = {PLUGIN_NAME: dict(chosen)}
        elif isinstance(entry, dict) and PLUGIN_NAME in entry:
            entry = {**entry, PLUGIN_NAME: {**(entry[PLUGIN_NAME] or {}), **chosen}}
        result.append(entry)
    return result


def describe_record(record: logging.LogRecord, *, config_display: str) -> str:
    """A MkDocs log record as one line in the CLI's words: problems stay ``path:line: message``."""
    message = record.getMessage()
    if record.name.startswith(_PLUGIN_LOGGER):
        return message.removeprefix(f"{__package__}: ")  # the plugin's lines already name file and line
    if record.name.startswith("mkdocs.config"):
        message = f"{config_display}: {message}"
        return message.replace(": ", ": warning: ", 1) if record.levelno == logging.WARNING else message
    if record.levelno == logging.WARNING:
        return f"warning: {message}"
    return message


class _Collector(logging.Handler):
    """Keeps a build's warnings and errors, to be shown by the parent process in build order."""

    def __init__(self, messages: list[str], *, config_display: str) -> None:
        super().__init__(level=logging.WARNING)
        self.messages = messages
        self.config_display = config_display

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.extend(describe_record(record, config_display=self.config_display).splitlines())


def build_playbook(job: BuildJob) -> BuildResult:
    """Build one salesperson's site; runs in a worker process (it edits that process's environment)."""
    # The options below name the salesperson and today; the environment variables would override them.
    for name in (SALESPERSON_ENV, TODAY_ENV):
        os.environ.pop(name, None)
    started = time.perf_counter()
    messages: list[str] = []
    collector = _Collector(messages, config_display=display_path(job.config_file))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with staging_dir(job.target) as staging:
            plugins = plugins_choosing(
                raw_config(job.config_file).get("plugins", []), salesperson=None if job.team else job.salesperson, today=job.today, team=job.team
            )
            # strict=None, not False: without --strict, mkdocs.yml's own `strict: true` still holds.
            config = load_config(str(job.config_file), site_dir=str(staging), strict=job.strict or None, plugins=plugins)
            # The plugin lifecycle of `mkdocs build`: startup, build, shutdown.
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
            (staging / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        return BuildResult(job.salesperson, job.target, True, messages, time.perf_counter() - started)
    except MkDocsException as exc:
        messages.extend(str(exc).splitlines())
        return BuildResult(job.salesperson, job.target, False, messages, time.perf_counter() - started)
    finally:
        logger.removeHandler(collector)


def leftover_staging(target: Path) -> list[Path]:
    """Staging folders of ``target`` that a killed build left beside it (``.<name>-XXXXXXXX.new`` or ``.old``)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}-[A-Za-z0-9_]{{8}}\.(?:new|old)$")
    if not target.parent.is_dir():
        return []
    return sorted(p for p in target.parent.iterdir() if pattern.match(p.name) and p.is_dir() and not p.is_symlink())


@contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A fresh folder next to ``target`` that replaces it when the block succeeds, and is removed when it fails.

    Staging folders an earlier, killed build of the same target left behind are
    removed first, so a published site directory never carries such copies.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in leftover_staging(target):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".new", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private (0700); a site is published like any folder
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old folder is deleted only once the new one stands in its place."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}-{uuid.uuid4().hex[:8]}.old")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


def check_target(target: Path, *, project: Project, looks_like_ours: Callable[[Path], bool]) -> None:
    """Refuse a target whose replacement would delete the repository or a folder that is not an earlier output."""
    target = target.resolve()
    where = display_path(target)
    for protected in (project.root, project.docs_dir.resolve(), project.templates_dir.resolve()):
        if target == protected or target in protected.parents:
            raise PlaybookError([Problem(where, None, f"would replace {display_path(protected)}; choose a folder of its own")])
    if project.docs_dir.resolve() in target.parents:
        raise PlaybookError([Problem(where, None, "is inside docs_dir; choose a folder outside it")])
    if target.exists() and not target.is_dir():
        raise PlaybookError([Problem(where, None, "exists and is not a folder")])
    if target.is_dir() and any(target.iterdir()) and not looks_like_ours(target):
        raise PlaybookError(
            [Problem(where, None, "is a folder playbook-gen did not make (it holds no marker of an earlier output); choose another folder or empty this one")]
        )


def looks_like_site(folder: Path) -> bool:
    """An earlier build of this tool: it holds the marker file every build writes (an ``index.html`` alone is not enough)."""
    marker = folder / SITE_MARKER
    try:
        return marker.is_file() and not marker.is_symlink() and marker.read_text(encoding="utf-8") == SITE_MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False


# -- serve --------------------------------------------------------------------


def serve(project: Project, *, salesperson: str, dev_addr: str | None) -> None:
    """``mkdocs serve`` for one salesperson, until interrupted.

    This process serves one salesperson only, so dropping ``PLAYBOOK_SALESPERSON``
    from its environment (which would override the option) changes nothing
    else. "Today" is left to the plugin, so a server running past midnight
    moves on to the next day.
    """
    project.require_plugin()
    os.environ.pop(SALESPERSON_ENV, None)
    plugins = plugins_choosing(raw_config(project.config_file).get("plugins", []), salesperson=salesperson, today=None)
    mkdocs_serve(config_file=str(project.config_file), dev_addr=dev_addr, plugins=plugins)


# -- many builds --------------------------------------------------------------


def default_jobs() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_builds(builds: list[BuildJob], *, jobs: int) -> Iterator[BuildResult]:
    """The builds in worker processes, ``jobs`` at a time; results come in the order given."""
    if not builds:
        return
    # spawn: a fresh interpreter with the parent's current environment and working directory;
    # fork would copy whatever threads and logging state the parent has.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(builds))), mp_context=context) as pool:
        yield from pool.map(build_playbook, builds)


def site_target(site_dir: Path, salesperson: str, *, encrypt: bool = False, site_name: str = "") -> Path:
    """``SITE_DIR/<id>/``: every salesperson's site has its own folder; encrypted, a folder whose name is a token.

    An encrypted site is published as it is built, so its folder must not name the
    salesperson either: it is named by the site's address key (:mod:`playbook_gen.addresses`),
    the same from build to build while the passphrase stays. The build's line gives it.
    """
    folder = Addresses(site_address_key(salesperson, site_name=site_name)).folder(salesperson) if encrypt else salesperson
    return (site_dir / folder).resolve()


def plan_builds(project: Project, *, salespeople: list[str], site_dir: Path, strict: bool, team: bool = False) -> list[BuildJob]:
    """One job per salesperson (and the team site's, with ``team``), all with the same "today"; every target checked before anything runs."""
    project.require_plugin()
    today = project.today()
    encrypt, site_name = project.options.encrypt, project.config.site_name
    builds = [
        BuildJob(
            config_file=project.config_file, salesperson=sid, today=today, target=site_target(site_dir, sid, encrypt=encrypt, site_name=site_name), strict=strict
        )
        for sid in salespeople
    ]
    if team:
        if TEAM_ID in salesperson_ids(project.docs_dir):
            shown = project.shown(project.docs_dir / "salespeople" / f"{TEAM_ID}.md")
            raise PlaybookError([Problem(shown, None, f"a salesperson with the id '{TEAM_ID}' would share {TEAM_ID}/ with the team site; rename them (playbook-gen rename)")])
        builds.append(BuildJob(config_file=project.config_file, salesperson=TEAM_ID, today=today, target=site_target(site_dir, TEAM_ID), strict=strict, team=True))
    for job in builds:
        check_target(job.target, project=project, looks_like_ours=looks_like_site)
    return builds

