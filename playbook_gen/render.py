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

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
import nh3
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup

from .addresses import Addresses
from .method import days_ago
from .text import without_bidi

# Every character that Markdown, its common extensions (attr_list, emoji, magiclink mentions,
# smarty quotes, smartsymbols, arithmatex, caret/mark/tilde) or HTML give a meaning to.
_MD_SPECIALS = "\\`*_{}[]<>#+-!|~^=:$&\".'()@"
_MD_TABLE = str.maketrans({ch: f"&#{ord(ch)};" for ch in _MD_SPECIALS})
# Runs of whitespace that are not already one plain space: replacing only these gives what
# replacing every run with one space gives, and leaves most texts untouched.
_SPACES = re.compile(r"\s{2,}|[^\S ]")
# Characters that mean something only at the start of a line (pymdownx.blocks' "///", pymdownx.details' "???"):
# escaped there, so "4/5" and "Why?" stay as they are written.
_LINE_START = frozenset("/?")


def md_text(value: Any) -> Markup:
    """Text as Markdown that renders to exactly that text, on one line."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", str(value)).translate(_MD_TABLE)
    first = len(text) - len(text.lstrip(" "))
    if text[first : first + 1] in _LINE_START:  # "/// warning", "??? note": an extension's block, where a value starts a line
        text = f"{text[:first]}&#{ord(text[first])};{text[first + 1 :]}"
    return Markup(text)


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md_text(value)


def _remembering_finalize() -> Callable[[Any], Any]:
    """``_finalize`` for one environment, remembering what it made of each text and whole number.

    A site prints the same names, stages and labels thousands of times. Only values
    of exactly ``str`` or ``int`` are remembered: ``True`` equals ``1`` as a key, and
    a number as written (``007``) is an ``int`` subclass that prints its source.
    """
    made: dict[str | int, Markup] = {}

    def finalize(value: Any) -> Any:
        kind = type(value)
        if kind is not str and kind is not int:
            return _finalize(value)
        found = made.get(value)
        if found is None:
            found = made[value] = md_text(value)
        return found

    return finalize


def _join(values: Iterable[Any], separator: str = ", ") -> Markup:
    """Values as text, one after the other; a list of names where one holds a comma ("Anna Lee, MD") is told apart by semicolons."""
    texts = [str(v) for v in values if v is not None]
    if separator == ", " and any("," in text for text in texts):
        separator = "; "
    return Markup(separator).join(md_text(text) for text in texts)


# A line pymdownx.snippets may read as an include (``--8<-- "file"``, a bare ``--8<--``): it starts with the scissors.
_SNIPPET_LINE = re.compile(r"^[ \t]*;*-+8<-+.*$", re.MULTILINE)


def first_upper(value: Any) -> Markup:
    """Text that starts a line, with its first letter a capital ("owner" -> "Owner"), made safe."""
    text = "" if value is None else str(value)
    return md_text(text[:1].upper() + text[1:])


def profile_link(url: str, *, text: str = "LinkedIn profile") -> Markup:
    """A profile URL as a link when it is http(s), else the text as written: a ``javascript:`` URL never becomes a link."""
    if not re.match(r"^https?://[^\s/]+", url.strip(), re.IGNORECASE):
        return md_text(url)
    return Markup(f'<a href="{html_attr(url.strip())}" rel="noopener noreferrer">{md_text(text)}</a>')


def fence(text: str, *, css_class: str = "playbook-script") -> Markup:
    """A fenced code block that shows ``text`` literally (Material adds the copy button).

    The fence is longer than any run of backticks inside, so text cannot close it;
    a line shaped like a snippets include gets one trailing space, which that
    extension does not read as an include (it runs before fences are recognised).
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = _SNIPPET_LINE.sub(lambda line: line.group(0) + " ", text.replace("\r\n", "\n").rstrip("\n"))
    return Markup(f"{ticks} {{ .text .{css_class} }}\n{body}\n{ticks}")


def mailto(address: str | None, *, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068) that opens exactly this subject and body."""
    to = percent_encoded(address or "", safe="@!$'()*+;:=")  # a comma would add a second recipient
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{to}?subject={percent_encoded(subject)}&body={percent_encoded(crlf_body)}"


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


@functools.cache
def _percent_table(safe: str) -> dict[int, str]:
    kept = _UNRESERVED | frozenset(safe.encode("ascii"))
    return {byte: chr(byte) if byte in kept else f"%{byte:02X}" for byte in range(256)}


def percent_encoded(text: str, *, safe: str = "") -> str:
    """``urllib.parse.quote(text, safe=safe)``, in one ``str.translate`` of the UTF-8 bytes rather than a call per byte.

    Every ask's email and follow-up links carry a whole script: on a large playbook this
    was a few per cent of making the pages. ``safe`` is ASCII.
    """
    return text.encode("utf-8").decode("latin-1").translate(_percent_table(safe))


_ATTR_TABLE = _MD_TABLE


def title_front_matter(title: str) -> str:
    """Front matter that sets a page's title: Material prints ``page.meta.title`` as HTML, so it is escaped here.

    ``render_macros: false``: a site with the mkdocs-macros plugin would otherwise run every
    generated page as a Jinja template, and a name such as ``{{ ... }}`` (in the title, or
    in a script's code block, where no Markdown escape applies) would run as code.
    """
    return f"---\ntitle: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}\nrender_macros: false\n---\n\n"


def html_attr(value: str) -> Markup:
    """A value safe inside a double-quoted HTML attribute of a Markdown page.

    Character references keep every HTML *and* Markdown special out of reach of
    the inline extensions (``$x$``, ``==mark==``, ``:emoji:``) that run on raw
    HTML lines; the browser decodes them back to the exact value.
    """
    return Markup(str(value).translate(_ATTR_TABLE))


_NOTES_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}
# Only attributes that carry meaning and cannot steer the theme's scripts: never an id, a class,
# a style, a title or a data-* attribute a profile chose (Material reads ids like #__config).
_NOTES_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),  # no generic attribute (nh3 would allow lang and title everywhere)
    "a": {"href"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Inert HTML is one line that starts with a tag, so only what a pass could read inside a line
# matters: HTML's own specials, fences, includes, attribute lists, critic marks and templates
# ({ } ~ ` - < >). Full stops, commas, apostrophes and brackets stay as they are.
_INERT_SPECIALS = '\\`*_{}[]<>#+-!|~^=:$&"@'
_INERT_TABLE = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in _INERT_SPECIALS}, "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _inert(text: str) -> str:
    return text.translate(_INERT_TABLE)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def inert_html(clean_html: str, *, link: Callable[[str], str] = str) -> str:
    """Sanitized HTML as one line no Markdown extension can re-interpret.

    Every character that Markdown, its extensions or a template plugin could read
    in a line (fences, includes, attribute lists, critic marks, ``{{``) becomes a
    character reference, in text and in attribute values alike; line breaks too,
    so the whole block is one line. The browser decodes it to the same text. The
    input is nh3's output: well-formed, attributes double-quoted, specials escaped.
    """
    out = []
    for match in _TAG_OR_TEXT.finditer(clean_html):
        tag, text = match.groups()
        if text is not None:
            out.append(_inert(html.unescape(text)))
            continue
        name = tag[1:].split(None, 1)[0].rstrip(">/")

        def attribute(found: re.Match[str], *, name: str = name) -> str:
            value = html.unescape(found.group(2))
            if name == "a" and found.group(1) == "href":
                value = link(value)
            return f'{found.group(1)}="{_inert(value)}"'

        out.append(_ATTRIBUTE.sub(attribute, tag))
    return "".join(out)


# A note that is one line of words and plain punctuation, starting with a letter: nothing in it
# is Markdown (no list, heading, code, emphasis, link, HTML, entity or line break) or HTML to clean.
_PLAIN_NOTE = re.compile(r"[^\W\d_](?:[^\W_]|[,.;:?!'\"()%/-]| (?=\S))*\n?\Z")


class NotesRenderer:
    """Renders profile bodies (Markdown) once, with their own engine, as cleaned and inert HTML; one per build."""

    def __init__(self, *, directory_urls: bool = True, addresses: Addresses | None = None) -> None:
        self._markdown = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
        self.directory_urls = directory_urls
        self.addresses = addresses or Addresses()

    def html(self, body: str, *, here: str = "index.md", css_class: str = "playbook-notes") -> Markup:
        """No script, no handler, no ``javascript:`` URL, no attribute the theme reads; nothing a later Markdown pass can parse."""
        if not body.strip():
            return Markup("")
        body = without_bidi(body)
        if _PLAIN_NOTE.match(body):
            # One line of words: Markdown would make it one paragraph and nh3 keep it as it is.
            return Markup(f'<div class="{css_class}">{inert_html(f"<p>{body.rstrip()}</p>")}</div>')
        rendered = self._markdown.reset().convert(body)
        clean = nh3.clean(
            rendered,
            tags=_NOTES_TAGS,
            attributes=_NOTES_ATTRIBUTES,
            generic_attribute_prefixes=set(),
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
        )

        # One line: a raw HTML block that no blank line can end and no fence or include can start in.
        def link(href: str) -> str:
            return page_url_link(href, here=here, directory_urls=self.directory_urls, addresses=self.addresses)

        return Markup(f'<div class="{css_class}">{inert_html(clean.strip(), link=link)}</div>')


def notes_html(body: str) -> Markup:
    """A profile body (Markdown) as cleaned, inert HTML: no script, no handler, no ``javascript:`` URL."""
    return NotesRenderer().html(body)


def page_url(src_uri: str, *, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root (``customers/x.md`` -> ``customers/x/``)."""
    stem = src_uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_MD_LINK = re.compile(r"^(?P<path>[^:?#]+\.md)(?P<rest>[?#].*)?$")


def page_url_link(href: str, *, here: str, directory_urls: bool, addresses: Addresses | None = None) -> str:
    """A relative link to a ``.md`` source as the built page's URL: MkDocs rewrites links in Markdown, not in raw HTML.

    ``addresses``: where the pages are published (an encrypted site's profiles at opaque paths).
    """
    match = _MD_LINK.match(href)
    if match is None or href.startswith("/"):
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), match["path"]))
    if target.startswith(".."):
        return href
    published = (addresses or Addresses()).source
    start = page_url(published(here), directory_urls=directory_urls)
    relative = posixpath.relpath(page_url(published(target), directory_urls=directory_urls) or ".", posixpath.dirname(start) or ".")
    if directory_urls and not relative.endswith((".html", "/")):
        relative += "/"
    return relative + (match["rest"] or "")


def relative_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one page's source path to another's."""
    start = posixpath.dirname(from_uri) or "."
    return _relpath(to_uri, start)


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` of two relative paths, worked out from the paths alone.

    ``relpath`` makes both absolute under the working directory (a system call each
    time), which cancels out unless a path climbs above it with ``..``: then it is asked.
    """
    found = _relpath_of_parts(path, start)
    return posixpath.relpath(path, start) if found is None else found


@functools.lru_cache(maxsize=16_384)  # pages link to the same few thousand pages from a few folders
def _relpath_of_parts(path: str, start: str) -> str | None:
    """:func:`_relpath` from the paths alone; None when a path climbs with ``..`` or is absolute."""
    path_parts = [part for part in posixpath.normpath(path).split("/") if part != "."]
    start_parts = [part for part in posixpath.normpath(start).split("/") if part != "."]
    if not path or ".." in path_parts[:1] or ".." in start_parts[:1] or path.startswith("/") or start.startswith("/"):
        return None
    common = 0
    for mine, theirs in zip(start_parts, path_parts, strict=False):  # the common start, however long each is
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."


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


class _PageCodeGenerator(CodeGenerator):
    """Compiles ``{{ value }}`` under autoescape to ``finalize(value)`` alone, not ``escape(finalize(value))``.

    The page environment's finalize always returns :class:`~markupsafe.Markup`, which
    ``escape`` would only copy: the same text, one call and one copy fewer per value.
    """

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._finalize_only(frame, finalize):
            self.write(finalize.src or "")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._finalize_only(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    @staticmethod
    def _finalize_only(frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile and finalize.src == "environment.finalize("


class _PageEnvironment(Environment):
    code_generator_class = _PageCodeGenerator


def page_environment(user_dir: Path | None) -> Environment:
    """Templates of Markdown pages: every printed value is made safe by ``md_text``."""
    env = _PageEnvironment(
        loader=_loader(user_dir),
        auto_reload=False,  # one environment per build: templates are read and compiled once
        autoescape=True,
        finalize=_remembering_finalize(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(join=_join, e=md_text, escape=md_text, text=md_text, fence=fence, first_upper=first_upper, days_ago=days_ago)
    env.globals.update(link=link, profile_link=profile_link)
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
