"""Jinja2 environments, and the one place where profile text is made safe.

Every ``{{ value }}`` printed by a page template passes through
:func:`md_text` unless it is already :class:`~markupsafe.Markup` built by
this package: profile text is turned into Markdown that shows it literally
(HTML and Markdown specials become character references), so ``<script>``,
``[x](javascript:…)`` and ``{{ 7*7 }}`` appear exactly as written.
Script texts are rendered by a plain-text environment and placed in code
blocks by :func:`fence`, where text is literal. Profile *bodies* are Markdown:
:func:`notes_html` renders them and cleans the HTML with nh3.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import markdown
import nh3
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

# Every character that Markdown, its common extensions (attr_list, emoji, magiclink mentions,
# smarty quotes, smartsymbols, arithmatex, caret/mark/tilde) or HTML give a meaning to.
_MD_SPECIALS = "\\`*_{}[]<>#+-!|~^=:$&\".'()@"
_MD_TABLE = str.maketrans({ch: f"&#{ord(ch)};" for ch in _MD_SPECIALS})
_SPACES = re.compile(r"\s+")


def md_text(value: Any) -> Markup:
    """Text as Markdown that renders to exactly that text, on one line."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", str(value))
    return Markup(text.translate(_MD_TABLE))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md_text(value)


def _join(values: Iterable[Any], separator: str = ", ") -> Markup:
    return Markup(separator).join(md_text(v) for v in values)


def fence(text: str, *, css_class: str = "playbook-script") -> Markup:
    """A fenced code block that shows ``text`` literally (Material adds the copy button)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text.replace("\r\n", "\n").rstrip("\n")
    return Markup(f"{ticks} {{ .text .{css_class} }}\n{body}\n{ticks}")


def mailto(address: str | None, *, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068) that opens exactly this subject and body."""
    to = quote(address or "", safe="@!$'()*+,;:=")
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"


_ATTR_TABLE = _MD_TABLE


def title_front_matter(title: str) -> str:
    """Front matter that sets a page's title: Material prints ``page.meta.title`` as HTML, so it is escaped here."""
    return f"---\ntitle: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}\n---\n\n"


def html_attr(value: str) -> Markup:
    """A value safe inside a double-quoted HTML attribute of a Markdown page.

    Character references keep every HTML *and* Markdown special out of reach of
    the inline extensions (``$x$``, ``==mark==``, ``:emoji:``) that run on raw
    HTML lines; the browser decodes them back to the exact value.
    """
    return Markup(str(value).translate(_ATTR_TABLE))


_NOTES_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}


class NotesRenderer:
    """Renders profile bodies (Markdown) as cleaned HTML; one per build, reusing one Markdown engine."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")

    def html(self, body: str) -> Markup:
        """No script, no handler, no ``javascript:`` URL survives."""
        if not body.strip():
            return Markup("")
        html = self._markdown.reset().convert(body)
        clean = nh3.clean(html, tags=_NOTES_TAGS, url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer")
        # A blank line must not end the raw HTML block early in the page's Markdown.
        clean = re.sub(r"\n\s*\n", "\n", clean).strip()
        return Markup(f'<div class="playbook-notes">\n{clean}\n</div>')


def notes_html(body: str) -> Markup:
    """A profile body (Markdown) as cleaned HTML: no script, no handler, no ``javascript:`` URL."""
    return NotesRenderer().html(body)


def relative_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one page's source path to another's."""
    start = posixpath.dirname(from_uri) or "."
    return posixpath.relpath(to_uri, start)


def link(text: Any, *, to: str, here: str, anchor: str | None = None) -> Markup:
    """``[text](relative.md#anchor)`` with the text made safe."""
    target = relative_link(here, to) + (f"#{anchor}" if anchor else "")
    return Markup(f"[{md_text(text)}]({target})")


def packaged_templates_dir() -> Path:
    """The templates shipped with the package (the source tree's top-level ``templates/`` when not installed)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def _loader(user_dir: Path | None) -> ChoiceLoader:
    search = [FileSystemLoader(str(user_dir))] if user_dir is not None and user_dir.is_dir() else []
    return ChoiceLoader([*search, FileSystemLoader(str(packaged_templates_dir()))])


def page_environment(user_dir: Path | None) -> Environment:
    """Templates of Markdown pages: every printed value is made safe by ``md_text``."""
    env = Environment(
        loader=_loader(user_dir),
        auto_reload=False,  # one environment per build: templates are read and compiled once
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(join=_join, e=md_text, escape=md_text, text=md_text, fence=fence)
    env.globals.update(link=link)
    return env


def text_environment(user_dir: Path | None) -> Environment:
    """Templates of plain-text scripts (emails, messages): no escaping, the output is text."""
    return Environment(
        loader=_loader(user_dir),
        auto_reload=False,
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
