"""One salesperson's whole site as data: pages, extra files, and the navigation.

This is the generator core. It knows nothing of MkDocs: the plugin hands its
output to MkDocs as generated files, and ``playbook-gen generate`` writes it
to disk as plain Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from markdown.extensions.toc import slugify as default_slugify

from .addresses import Addresses, HeadingIds
from .kinds import replaced_by_pages
from .book import Book
from .books import book_for, choose_salesperson
from .exports import asks_csv, asks_ics
from .pages import Page, PageMaker
from .plan import plan_asks
from .asks import PlannedAsk
from .playbook import Playbook, load_playbook, scan_docs_files
from .problems import PlaybookError, Problem, errors
from .render import NotesRenderer, packaged_templates_dir, page_environment, text_environment

THEME_DIR = Path(__file__).resolve().parent / "theme"
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
# Material's search is a role="dialog" without a name, which screen readers cannot announce
# (axe-core: aria-dialog-name, serious). It is named in the HTML the theme produces.
SEARCH_DIALOG = 'data-md-component="search" role="dialog"'
SEARCH_PARTIAL = "partials/search.html"
STYLESHEET = "assets/playbook.css"
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


@dataclass(frozen=True)
class GeneratedSite:
    """Everything one salesperson's build adds to the hand-written pages."""

    salesperson_id: str
    pages: list[Page]
    files: dict[str, bytes]
    nav: list[Any]
    plan: list[PlannedAsk]
    warnings: list[Problem] = field(default_factory=list)


def _stylesheet(templates_dir: Path | None) -> Path:
    """The user's ``templates/assets/playbook.css`` if there is one, else the packaged one."""
    own = templates_dir / STYLESHEET if templates_dir is not None else None
    return own if own is not None and own.is_file() else packaged_templates_dir() / STYLESHEET


def handwritten_pages(docs_dir: Path) -> list[str]:
    """The user's own Markdown pages, except the home intro and profiles."""
    return [uri for uri in scan_docs_files(docs_dir) if not replaced_by_pages(uri)]


def default_nav(handwritten: list[str]) -> list[Any]:
    """Home, Ask plan, Customers, Contacts, then the hand-written pages; profiles are not listed."""
    nav: list[Any] = [{"Home": "index.md"}, {"Ask plan": "asks.md"}, {"Customers": "customers/index.md"}, {"Contacts": "contacts/index.md"}]
    sections: dict[str, list[Any]] = {}
    for uri in handwritten:
        folder, _, _ = uri.rpartition("/")
        if not folder:
            nav.append(uri)
            continue
        top = folder.split("/")[0]
        if top not in sections:
            sections[top] = []
            nav.append({top.replace("-", " ").replace("_", " ").capitalize(): sections[top]})
        sections[top].append(uri)
    for entries in sections.values():
        entries.sort(key=lambda u: (not u.endswith("/index.md"), u))
    return nav


def load_book(docs_dir: Path, *, salesperson: str | None, today: date, root: Path | None = None) -> tuple[Playbook, Book]:
    """Read the repository and select one salesperson; raises PlaybookError on errors."""
    playbook = load_playbook(docs_dir, root=root)
    try:
        chosen = choose_salesperson(playbook, salesperson)
    except PlaybookError as exc:
        # A broken salesperson file is the likelier cause; show it with the choice problem.
        raise PlaybookError(errors(playbook.problems) + exc.problems) from None
    return playbook, book_for(playbook, chosen, today=today)


def generate_for_docs(
    playbook: Playbook, book: Book, *, docs_dir: Path, templates_dir: Path | None, directory_urls: bool = True, addresses: Addresses | None = None
) -> GeneratedSite:
    """The site of one book, with the repository's home intro (``docs/index.md``) and hand-written pages."""
    intro = docs_dir / "index.md"
    return generate_site(
        playbook,
        book,
        templates_dir=templates_dir,
        intro_markdown=intro.read_text(encoding="utf-8-sig") if intro.is_file() else None,
        handwritten=handwritten_pages(docs_dir),
        directory_urls=directory_urls,
        addresses=addresses,
    )


def generate_site(
    playbook: Playbook,
    book: Book,
    *,
    templates_dir: Path | None,
    intro_markdown: str | None,
    handwritten: list[str],
    directory_urls: bool = True,
    addresses: Addresses | None = None,
) -> GeneratedSite:
    """Every generated page and file of one salesperson's site; ``addresses``: where its pages are published (SPEC §11)."""
    plan = plan_asks(book)
    addresses = addresses or Addresses()
    try:
        maker = PageMaker(
            book=book,
            plan=plan,
            pages_env=page_environment(templates_dir),
            text_env=text_environment(templates_dir),
            notes=NotesRenderer(directory_urls=directory_urls, addresses=addresses),
            anchor_of=addresses.anchor,
        )
        pages = [maker.home(intro_markdown=intro_markdown), maker.asks_page(), maker.customers_index(), maker.contacts_index()]
        pages.append(maker.salesperson_page())
        pages.extend(maker.customer(cid) for cid in sorted(book.connectors))
        pages.extend(maker.contact(tid) for tid in sorted(book.targets))
        pages.extend(maker.bank_page(bid) for bid in sorted(book.banks))
    except TemplateError as exc:
        raise PlaybookError([_template_problem(exc)]) from None
    files = {
        "robots.txt": ROBOTS_TXT.encode(),
        "asks.ics": asks_ics(book, plan),
        "asks.csv": asks_csv(plan).encode(),
        STYLESHEET: _stylesheet(templates_dir).read_bytes(),
    }
    return GeneratedSite(
        salesperson_id=book.salesperson.id,
        pages=pages,
        files=files,
        nav=default_nav(handwritten),
        plan=plan,
        warnings=playbook.problems_for(book.salesperson.id),
    )


def _template_problem(exc: TemplateError) -> Problem:
    """A broken (user) template as ``path:line: message``."""
    if isinstance(exc, TemplateSyntaxError):
        return Problem(exc.filename or exc.name or "templates", exc.lineno, f"template error: {exc.message}")
    return Problem("templates", None, f"template error: {exc.message or exc}")


def write_if_changed(path: Path, content: bytes) -> Path:
    """Write a file only when its bytes differ, so its modification time says whether it changed."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path


def with_named_search(html: str) -> str:
    """The HTML with Material's search dialog named "Search"."""
    if SEARCH_DIALOG not in html or f"{SEARCH_DIALOG} aria-label=" in html:
        return html
    return html.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG} aria-label="Search"', 1)


def finish_html(html: str) -> str:
    """What every built HTML page needs: the noindex tag and a named search dialog."""
    return with_named_search(with_robots_meta(html))


def opaque_heading_ids(config: Any, addresses: Addresses) -> HeadingIds:
    """An encrypted build's heading ids: the ``toc`` extension slugifies through the returned :class:`HeadingIds`."""
    toc = config.mdx_configs.setdefault("toc", {})
    heading_ids = HeadingIds(addresses, fallback=toc.get("slugify") or default_slugify)
    toc["slugify"] = heading_ids
    return heading_ids


def with_robots_meta(html: str) -> str:
    """The page with ``noindex, nofollow`` in its head (once)."""
    if ROBOTS_META in html or "<head>" not in html:
        return html
    return html.replace("<head>", f"<head>\n    {ROBOTS_META}", 1)


def adjust_config(config: Any, *, generated: GeneratedSite, external_fonts: bool, own_nav: bool = True, addresses: Addresses | None = None) -> None:
    """The MkDocs settings a playbook needs: nav, Markdown extensions, no sitemap, no external fonts.

    ``own_nav``: a ``nav`` in ``mkdocs.yml`` is kept (a playbook); the team site always has its own.
    ``addresses``: encrypted (opaque), no page has an edit link (:func:`opaque_heading_ids` names the headings).
    """
    opaque = addresses is not None and addresses.opaque
    if config.nav is None or not own_nav:
        config.nav = generated.nav
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, dict(options))
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    theme = config.theme
    if str(THEME_DIR) not in theme.dirs:
        theme.dirs.insert(0, str(THEME_DIR))  # holds only an empty sitemap.xml: no sitemap is written
    if theme.name == "material":
        if not external_fonts:
            theme["font"] = False
        wanted = THEME_FEATURES + (("content.action.edit",) if config.repo_url and config.edit_uri and not opaque else ())
        features = list(theme.get("features") or [])
        theme["features"] = features + [f for f in wanted if f not in features]
