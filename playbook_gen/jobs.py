"""Build jobs: one site per salesperson (and the team's), each in a worker process, with its log kept in order.

The salesperson and "today" reach the plugin as its options; the worker process
drops ``PLAYBOOK_SALESPERSON`` and ``PLAYBOOK_TODAY`` from its own environment,
which would otherwise override them, and nothing of the parent's environment changes.

The profiles are parsed and validated once, in the parent process: :func:`run_builds`
hands its :class:`~playbook_gen.playbook.ProfileCache` to each worker process as
the worker starts, and every build the worker runs takes the profiles from it. A
build still reads every file and compares its bytes, so a file changed since is
parsed again and no build sees stale data.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .addresses import Addresses
from .encryption import site_address_key
from .options import PLUGIN_NAME, SALESPERSON_ENV, TODAY_ENV, PlaybookConfig
from .playbook import ProfileCache
from .problems import PlaybookError, Problem, display_path
from .project import Project, salesperson_ids
from .staging import SITE_MARKER, SITE_MARKER_TEXT, check_target, looks_like_site, staging_dir
from .teamsite import TEAM_ID

_PLUGIN_LOGGER = f"mkdocs.plugins.{__package__}"


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
    parsed: int = 0  # profiles this build parsed and validated itself: 0 when every one came from the parent


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


# The profiles the parent parsed, in a worker process. ProcessPoolExecutor runs an initializer once
# per worker, and the builds that worker runs next can reach what it received only through the
# module: passing the profiles with every job instead would pickle them once per site, not per worker.
_worker_profiles: ProfileCache | None = None


class _Plugin(Protocol):
    """What a build job sets on the playbook plugin (its class is not imported here: the plugin's serve reaches the command line)."""

    config: PlaybookConfig
    profiles: ProfileCache | None


def _receive_profiles(profiles: ProfileCache | None) -> None:
    """A worker process's initializer: keep the parent's profiles for every build this worker runs."""
    global _worker_profiles
    _worker_profiles = profiles
    # They live as long as the worker: no collection of each build's garbage needs to walk them again.
    gc.freeze()


def build_playbook(job: BuildJob, profiles: ProfileCache | None = None) -> BuildResult:
    """Build one salesperson's site; runs in a worker process (it edits that process's environment).

    ``profiles``: the profiles already parsed (by default those the worker received).
    """
    profiles = profiles if profiles is not None else _worker_profiles
    profiles = profiles if profiles is not None else ProfileCache()
    parsed_before = profiles.parsed
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
            # strict=None, not False: without --strict, mkdocs.yml's own `strict: true` still holds.
            config = load_config(str(job.config_file), site_dir=str(staging), strict=job.strict or None)
            plugin = cast(_Plugin, config.plugins[PLUGIN_NAME])  # plan_builds required it
            options = plugin.config  # the job's choices, on the options the plugin reads
            options.salesperson, options.today, options.team = (None if job.team else job.salesperson), job.today, job.team
            # The plugin lifecycle of `mkdocs build`: startup, build, shutdown.
            config.plugins.on_startup(command="build", dirty=False)
            plugin.profiles = profiles  # after startup, which starts every command with none
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
            (staging / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        return BuildResult(job.salesperson, job.target, True, messages, time.perf_counter() - started, profiles.parsed - parsed_before)
    except MkDocsException as exc:
        messages.extend(str(exc).splitlines())
        return BuildResult(job.salesperson, job.target, False, messages, time.perf_counter() - started, profiles.parsed - parsed_before)
    finally:
        logger.removeHandler(collector)


def default_jobs() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_builds(builds: list[BuildJob], *, jobs: int, profiles: ProfileCache | None = None) -> Iterator[BuildResult]:
    """The builds in worker processes, ``jobs`` at a time; results come in the order given.

    ``profiles``: the profiles the parent parsed (:func:`~playbook_gen.project.load_repository`),
    sent once to each worker process and shared by every build it runs.
    """
    if not builds:
        return
    # spawn: a fresh interpreter with the parent's current environment and working directory;
    # fork would copy whatever threads and logging state the parent has.
    context = multiprocessing.get_context("spawn")
    workers = max(1, min(jobs, len(builds)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_receive_profiles, initargs=(profiles,)) as pool:
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
            config_file=project.config_file,
            salesperson=sid,
            today=today,
            target=site_target(site_dir, sid, encrypt=encrypt, site_name=site_name),
            strict=strict,
        )
        for sid in salespeople
    ]
    if team:
        if TEAM_ID in salesperson_ids(project.docs_dir):
            shown = project.shown(project.docs_dir / "salespeople" / f"{TEAM_ID}.md")
            raise PlaybookError(
                [Problem(shown, None, f"a salesperson with the id '{TEAM_ID}' would share {TEAM_ID}/ with the team site; rename them (playbook-gen rename)")]
            )
        builds.append(
            BuildJob(config_file=project.config_file, salesperson=TEAM_ID, today=today, target=site_target(site_dir, TEAM_ID), strict=strict, team=True)
        )
    for job in builds:
        check_target(job.target, project=project, looks_like_ours=looks_like_site)
    return builds
