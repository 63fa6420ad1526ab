"""One salesperson's whole site as data: pages, extra files, and the navigation; and which site a build makes.

This is the generator core. It knows nothing of MkDocs: the plugin hands its
output to MkDocs as generated files, and ``playbook-gen generate`` writes it
to disk as plain Markdown (:mod:`playbook_gen.mkdocs_settings` holds what they
change in MkDocs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from .addresses import Addresses
from .book import Book
from .books import load_book
from .exports import asks_csv, asks_ics
from .generated import ROBOTS_TXT, STYLESHEET, GeneratedSite, stylesheet, template_problem
from .kinds import replaced_by_pages
from .memory import collection_paused
from .pages import PageMaker
from .plan import plan_asks
from .playbook import Playbook, ProfileCache, load_playbook, scan_docs_files
from .problems import PlaybookError
from .render import NotesRenderer, page_environment, text_environment
from .teamsite import TEAM_ID, generate_team_site


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


@collection_paused()
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
        raise PlaybookError([template_problem(exc)]) from None
    files = {
        "robots.txt": ROBOTS_TXT.encode(),
        "asks.ics": asks_ics(book, plan),
        "asks.csv": asks_csv(plan).encode(),
        STYLESHEET: stylesheet(templates_dir).read_bytes(),
    }
    return GeneratedSite(
        salesperson_id=book.salesperson.id,
        pages=pages,
        files=files,
        nav=default_nav(handwritten),
        plan=plan,
        warnings=playbook.problems_for(book.salesperson.id),
    )


@dataclass(frozen=True)
class SiteChoice:
    """Which site a build makes: one salesperson's playbook (``book``), or the sales manager's team site (``book`` None)."""

    site_id: str  # the salesperson's id, or ``team``
    playbook: Playbook
    book: Book | None


def choose_site(docs_dir: Path, *, root: Path, salesperson: str | None, team: bool, today: date, profiles: ProfileCache | None = None) -> SiteChoice:
    """The one place that decides between a salesperson's site and the team site; raises PlaybookError on errors.

    ``profiles``: the profiles already parsed, in this process (see :func:`~playbook_gen.playbook.load_playbook`).
    """
    if team:
        return SiteChoice(TEAM_ID, load_playbook(docs_dir, root=root, profiles=profiles), None)
    playbook, book = load_book(docs_dir, salesperson=salesperson, today=today, root=root, profiles=profiles)
    return SiteChoice(book.salesperson.id, playbook, book)


def generate_chosen(
    choice: SiteChoice, *, docs_dir: Path, templates_dir: Path | None, today: date, directory_urls: bool = True, addresses: Addresses | None = None
) -> GeneratedSite:
    """Every generated page and file of the chosen site."""
    if choice.book is None:
        return generate_team_site(choice.playbook, today=today, templates_dir=templates_dir)
    return generate_for_docs(choice.playbook, choice.book, docs_dir=docs_dir, templates_dir=templates_dir, directory_urls=directory_urls, addresses=addresses)
