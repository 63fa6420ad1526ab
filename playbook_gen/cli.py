"""The ``playbook-gen`` command line: click commands only; the work is in the core."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click
from mkdocs.exceptions import MkDocsException

from . import __version__, builder
from .exports import asks_csv, asks_ics
from .generate import generate as generate_tree
from .model import json_schema
from .newprofile import FOLDERS, write_profile
from .plan import plan_asks
from .problems import PlaybookError, Problem, errors, warnings

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
        click.echo(builder.describe_record(record, config_display=self.config_display), err=True)


@dataclass(frozen=True)
class Settings:
    """The global options."""

    config_file: Path

    def project(self, *, log_level: int = logging.WARNING) -> builder.Project:
        """``mkdocs.yml``, loaded, with MkDocs' messages shown as they come."""
        logger = logging.getLogger("mkdocs")
        for handler in [h for h in logger.handlers if isinstance(h, _EchoHandler)]:
            logger.removeHandler(handler)
        logger.addHandler(_EchoHandler(builder.display_path(self.config_file.absolute())))
        logger.setLevel(log_level)
        return builder.load_project(self.config_file)


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
    ctx.obj = Settings(config_file=config_file)


@main.command()
@click.pass_obj
def check(settings: Settings) -> None:
    """Validate every profile of every salesperson: one 'path:line: message' per problem; exit 1 on errors."""
    report = builder.check_playbook(settings.project())
    for problem in report.problems:
        click.echo(str(problem))
    found = errors(report.problems)
    click.echo(f"{report.profiles} profiles checked: {_count(len(found), 'error')}, {_count(len(warnings(report.problems)), 'warning')}", err=True)
    if found:
        raise click.exceptions.Exit(1)


@main.command()
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.option("--all", "every", is_flag=True, help="Build one site per salesperson, in parallel processes.")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Each site goes to SITE_DIR/<id>/ (default: site_dir of mkdocs.yml, 'site').",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Builds at once with --all (default: the number of CPUs).")
@click.option("--strict", is_flag=True, help="Fail on warnings.")
@click.pass_obj
def build(settings: Settings, salesperson: str | None, every: bool, site_dir: Path | None, jobs: int | None, strict: bool) -> None:
    """Build one salesperson's site into SITE_DIR/<id>/, or with --all one per salesperson.

    A site is replaced only when its build succeeded: a failed build leaves the previous site as it was.
    """
    if salesperson and every:
        raise click.UsageError("give --salesperson ID or --all, not both")
    project = settings.project()
    ids = builder.salesperson_ids(project.docs_dir) if every else [builder.choose_salesperson(project, salesperson)]
    if not ids:
        raise PlaybookError([Problem(project.shown(project.docs_dir / "salespeople"), None, "no salesperson to build")])
    builds = builder.plan_builds(project, salespeople=ids, site_dir=(site_dir or project.site_dir).absolute(), strict=strict)
    failed = []
    for result in builder.run_builds(builds, jobs=jobs or builder.default_jobs()):
        for line in result.messages:
            click.echo(line, err=True)
        where = builder.display_path(result.target)
        if result.ok:
            click.echo(f"{result.salesperson}: built {where}/", err=True)
        else:
            failed.append(result.salesperson)
            click.echo(f"{result.salesperson}: not built; {where}/ is unchanged", err=True)
    if failed:
        raise Failure(f"{len(failed)} of {len(builds)} playbooks failed: {', '.join(failed)}")


@main.command()
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
@click.pass_obj
def serve(settings: Settings, salesperson: str | None, dev_addr: str | None) -> None:
    """Serve one salesperson's playbook and rebuild it on every change, like 'mkdocs serve'."""
    project = settings.project(log_level=logging.INFO)
    builder.serve(project, salesperson=builder.choose_salesperson(project, salesperson), dev_addr=dev_addr)


@main.command()
@click.argument("kind", type=click.Choice(list(FOLDERS)))
@click.argument("name")
@click.option("--owner", metavar="ID", help="Whose customer or contact it is; needed when there are several salespeople.")
@click.option("--id", "profile_id", metavar="ID", help="The file's id (default: the name in lowercase ASCII, 'Zoë Test' -> zoe-test).")
@click.pass_obj
def new(settings: Settings, kind: str, name: str, owner: str | None, profile_id: str | None) -> None:
    """Write docs/<kind>/<id>.md for NAME with every key and its default; never overwrites."""
    project = settings.project()
    path = write_profile(
        project.docs_dir, kind=kind, name=name, owner=owner, profile_id=profile_id, salespeople=builder.salesperson_ids(project.docs_dir)
    )
    click.echo(builder.display_path(path))


@main.command()
@click.pass_obj
def matrix(settings: Settings) -> None:
    """Print the salesperson ids as a sorted JSON array, for a CI matrix."""
    click.echo(json.dumps(builder.salesperson_ids(settings.project().docs_dir)))


@main.command()
@click.argument("kind", type=click.Choice(["ics", "csv"]))
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.pass_obj
def export(settings: Settings, kind: str, salesperson: str | None) -> None:
    """Print the ask plan as a calendar (ics) or a table (csv), the same bytes as the site's asks.ics / asks.csv."""
    _, book = builder.load_chosen(settings.project(), salesperson)
    plan = plan_asks(book)
    click.get_binary_stream("stdout").write(asks_ics(book, plan) if kind == "ics" else asks_csv(plan).encode("utf-8"))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the front matter of every profile kind."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write (empty, or an earlier output).")
@click.option("--salesperson", metavar="ID", help=SALESPERSON_HELP)
@click.pass_obj
def generate(settings: Settings, out: Path, salesperson: str | None) -> None:
    """Write one salesperson's site as plain Markdown: OUT/docs/, OUT/mkdocs.yml and its theme override.

    Plain MkDocs builds it without the playbook plugin: mkdocs build -f OUT/mkdocs.yml
    """
    tree = generate_tree(settings.project(), wanted=salesperson, out=out)
    for problem in tree.warnings:
        click.echo(str(problem), err=True)
    where = builder.display_path(tree.out)
    click.echo(f"{tree.salesperson}: wrote {tree.pages} pages to {where}/; build it with: mkdocs build -f {where}/mkdocs.yml", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
