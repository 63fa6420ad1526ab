"""What every generated site is made of, a salesperson's playbook or the team site: pages, files, nav.

Neither kind of site knows MkDocs: the plugin hands a :class:`GeneratedSite`
to MkDocs as generated files, ``playbook-gen generate`` writes it to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from .pages import Page
from .problems import Problem
from .render import fence, packaged_templates_dir, title_front_matter

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
STYLESHEET = "assets/playbook.css"


@dataclass(frozen=True)
class GeneratedSite:
    """Everything one salesperson's build adds to the hand-written pages."""

    salesperson_id: str
    pages: list[Page]
    files: dict[str, bytes]
    nav: list[Any]
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


ERROR_TITLE = "This playbook has a problem to fix"


def error_site(problems: list[Problem], *, site_id: str, uris: list[str], templates_dir: Path | None) -> GeneratedSite:
    """What ``serve`` shows while a profile is broken: at every address the site had, the problems to fix.

    The next good edit brings the playbook back; nothing of it is shown meanwhile.
    """
    lines = "\n".join(str(problem) for problem in problems)
    markdown = (
        title_front_matter(ERROR_TITLE)
        + f"# {ERROR_TITLE}\n\nFix the file and save it: this page reloads with the playbook as soon as it builds again.\n\n"
        + str(fence(lines, css_class="playbook-problems"))  # as text: Markup would escape the front matter before it
        + "\n"
    )
    pages = [Page(src_uri=uri, title=ERROR_TITLE, markdown=markdown) for uri in sorted({"index.md", *uris})]
    files = {"robots.txt": ROBOTS_TXT.encode(), STYLESHEET: stylesheet(templates_dir).read_bytes()}
    return GeneratedSite(salesperson_id=site_id, pages=pages, files=files, nav=[{"Home": "index.md"}])
