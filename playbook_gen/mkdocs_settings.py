"""What a playbook changes in MkDocs: its settings (nav, Markdown extensions, theme, no sitemap,
no external fonts) and every HTML page it writes (the ``noindex`` tag, a named search dialog).

The plugin applies these to the config MkDocs loaded; ``playbook-gen generate``
writes the same settings into the ``mkdocs.yml`` of its tree.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify as default_slugify

from .addresses import Addresses, HeadingIds
from .buttons import SCRIPT as RECORD_SCRIPT
from .generated import STYLESHEET, GeneratedSite
from .problems import Problem
from .project import config_line
from .text import without_bidi

THEME_DIR = Path(__file__).resolve().parent / "theme"
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
# Material's search is a role="dialog" without a name, which screen readers cannot announce
# (axe-core: aria-dialog-name, serious). It is named in the HTML the theme produces.
SEARCH_DIALOG = 'data-md-component="search" role="dialog"'
SEARCH_PARTIAL = "partials/search.html"
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    # The building blocks the generated pages use; added when the user's config lacks them.
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.highlight": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
}
THEME_FEATURES = ("content.code.copy", "content.tabs.link")


def with_named_search(html: str) -> str:
    """The HTML with Material's search dialog named "Search" (the first dialog, which is the only one, unless it is named already).

    Only the text up to the dialog is searched, not the whole page: this runs on every page of a build.
    """
    at = html.find(SEARCH_DIALOG)
    if at < 0:
        return html
    after = at + len(SEARCH_DIALOG)
    if html.startswith(" aria-label=", after):
        return html
    return f'{html[:after]} aria-label="Search"{html[after:]}'


def finish_html(html: str, *, site_name: str = "") -> str:
    """What every built HTML page needs: the noindex tag, a named search dialog, and ``site_name`` as text."""
    return with_site_name_as_text(with_named_search(with_robots_meta(html)), site_name)


def with_site_name_as_text(html: str, site_name: str) -> str:
    """The page with every place the theme printed ``site_name`` unescaped (the title, a logo's label) escaped.

    Material writes it raw in some places: a ``site_name`` holding ``<script>`` would run on every page.
    Where it is escaped already, the raw text does not occur, so nothing is escaped twice.
    """
    escaped = escape(site_name, quote=True)
    if not site_name or escaped == site_name:
        return html
    return html.replace(site_name, escaped)


def opaque_heading_ids(config: Any, addresses: Addresses) -> HeadingIds:
    """An encrypted build's heading ids: the ``toc`` extension slugifies through the returned :class:`HeadingIds`."""
    toc = config.mdx_configs.setdefault("toc", {})
    heading_ids = HeadingIds(addresses, fallback=toc.get("slugify") or default_slugify)
    toc["slugify"] = heading_ids
    return heading_ids


def with_robots_meta(html: str) -> str:
    """The page with ``noindex, nofollow`` in its head (once): added first thing in the head unless the head has it.

    Only the head is searched, not the whole page: this runs on every page of a build.
    """
    head = html.find("<head>")
    if head < 0:
        return html
    start = head + len("<head>")
    end = html.find("</head>", start)
    if html.find(ROBOTS_META, start, end if end >= 0 else len(html)) >= 0:
        return html
    return f"{html[:start]}\n    {ROBOTS_META}{html[start:]}"


REFUSED_EXTENSIONS = {
    "pymdownx.critic": "it rewrites {++ ++}, {-- --} and {~~ ~> ~~} everywhere, inside the scripts and commands too, "
    "so a profile's text could change the command a page shows and copies",
}
"""Markdown extensions a playbook cannot be built with, and why."""


def refused_extension(config: Any, *, where: str) -> Problem | None:
    """The first Markdown extension of ``mkdocs.yml`` that a playbook cannot be built with, as a problem naming the file and its line."""
    for name in config.markdown_extensions:
        if name in REFUSED_EXTENSIONS:
            line = config_line(config.config_file_path, "markdown_extensions", name)
            return Problem(where, line, f"markdown_extensions: remove {name}: {REFUSED_EXTENSIONS[name]}")
    return None


def adjust_config(config: Any, *, generated: GeneratedSite, external_fonts: bool, own_nav: bool = True, addresses: Addresses | None = None) -> None:
    """The MkDocs settings a playbook needs: nav, Markdown extensions, no sitemap, no external fonts.

    ``own_nav``: a ``nav`` in ``mkdocs.yml`` is kept (a playbook); the team site always has its own.
    ``addresses``: encrypted (opaque), no page has an edit link (:func:`opaque_heading_ids` names the headings).
    """
    opaque = addresses is not None and addresses.opaque
    config.site_name = without_bidi(config.site_name)
    if config.nav is None or not own_nav:
        config.nav = generated.nav
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, dict(options))
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    scripts = [str(js) for js in config.extra_javascript]
    if RECORD_SCRIPT in generated.files and RECORD_SCRIPT not in scripts:
        config.extra_javascript.append(RECORD_SCRIPT)  # the controls that record from the page (buttons)
    elif RECORD_SCRIPT not in generated.files and RECORD_SCRIPT in scripts:
        del config.extra_javascript[scripts.index(RECORD_SCRIPT)]  # a build without them, in a process that built with them
    theme = config.theme
    if str(THEME_DIR) not in theme.dirs:
        theme.dirs.insert(0, str(THEME_DIR))  # holds only an empty sitemap.xml: no sitemap is written
    if theme.name == "material":
        if not external_fonts:
            theme["font"] = False
        wanted = THEME_FEATURES + (("content.action.edit",) if config.repo_url and config.edit_uri and not opaque else ())
        features = list(theme.get("features") or [])
        theme["features"] = features + [f for f in wanted if f not in features]
