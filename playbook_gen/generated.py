"""What every generated site is made of, a salesperson's playbook or the team site: pages, files, nav.

Neither kind of site knows MkDocs: the plugin hands a :class:`GeneratedSite`
to MkDocs as generated files, ``playbook-gen generate`` writes it to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from .asks import PlannedAsk
from .pages import Page
from .problems import Problem
from .render import packaged_templates_dir

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
STYLESHEET = "assets/playbook.css"


@dataclass(frozen=True)
class GeneratedSite:
    """Everything one salesperson's build adds to the hand-written pages."""

    salesperson_id: str
    pages: list[Page]
    files: dict[str, bytes]
    nav: list[Any]
    plan: list[PlannedAsk]
    warnings: list[Problem] = field(default_factory=list)


def stylesheet(templates_dir: Path | None) -> Path:
    """The user's ``templates/assets/playbook.css`` if there is one, else the packaged one."""
    own = templates_dir / STYLESHEET if templates_dir is not None else None
    return own if own is not None and own.is_file() else packaged_templates_dir() / STYLESHEET


def template_problem(exc: TemplateError) -> Problem:
    """A broken (user) template as ``path:line: message``."""
    if isinstance(exc, TemplateSyntaxError):
        return Problem(exc.filename or exc.name or "templates", exc.lineno, f"template error: {exc.message}")
    return Problem("templates", None, f"template error: {exc.message or exc}")
