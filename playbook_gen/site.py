"""One salesperson's whole site as data: pages, extra files, and the navigation; and which site a build makes.

This is the generator core. It knows nothing of MkDocs: the plugin hands its
output to MkDocs as generated files, and ``playbook-gen generate`` writes it
to disk as plain Markdown (:mod:`playbook_gen.mkdocs_settings` holds what they
change in MkDocs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from .addresses import Addresses
from .book import Book
from .books import load_book
from .buttons import SCRIPT, Controls, Recording, script
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


METHOD_PAGES_DIR = Path(__file__).resolve().parent / "method_pages"
METHOD_PAGES = (
    "method/index.md",
    "method/first-conversation.md",
    "method/a-week-with-the-playbook.md",
    "method/editing-profiles.md",
    "method/getting-started-from-linkedin-or-your-crm.md",
    "how-it-works.md",
    "privacy.md",
)
"""The pages every playbook shows (SPEC §5): the method, the first conversation, a week with the playbook, editing
your profiles, getting started from LinkedIn or a CRM, how the playbook decides, and privacy. They ship in the
package; a playbook's own ``docs/`` file at the same path takes a page's place."""


def method_pages(docs_dir: Path) -> dict[str, bytes]:
    """The packaged method pages a playbook does not replace with its own page at the same address, by their path under ``docs/``."""
    return {uri: (METHOD_PAGES_DIR / uri).read_bytes() for uri in METHOD_PAGES if not any((docs_dir / same).exists() for same in _same_address(uri))}


def _same_address(uri: str) -> tuple[str, str]:
    """The two files MkDocs publishes at one address: ``method/index.md`` and ``method.md``, ``privacy.md`` and ``privacy/index.md``."""
    if uri.endswith("/index.md"):
        return uri, uri.removesuffix("/index.md") + ".md"
    return uri, uri.removesuffix(".md") + "/index.md"


def default_nav(handwritten: list[str]) -> list[Any]:
    """Home, Ask plan, Customers, Contacts, then the method and the hand-written pages, in the order given; profiles are not listed."""
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
        entries.sort(key=lambda u: not u.endswith("/index.md"))  # a section's index first, the rest as given
    return nav


def generate_for_docs(
    playbook: Playbook,
    book: Book,
    *,
    docs_dir: Path,
    templates_dir: Path | None,
    directory_urls: bool = True,
    addresses: Addresses | None = None,
    site_url: str | None = None,
    recording: Recording | None = None,
) -> GeneratedSite:
    """The site of one book, with the repository's home intro (``docs/index.md``), its hand-written pages and the method's."""
    intro = docs_dir / "index.md"
    return generate_site(
        playbook,
        book,
        templates_dir=templates_dir,
        intro_markdown=intro.read_text(encoding="utf-8-sig") if intro.is_file() else None,
        handwritten=handwritten_pages(docs_dir),
        method=method_pages(docs_dir),
        directory_urls=directory_urls,
        addresses=addresses,
        site_url=site_url,
        recording=recording,
    )


def generate_site(
    playbook: Playbook,
    book: Book,
    *,
    templates_dir: Path | None,
    intro_markdown: str | None,
    handwritten: list[str],
    method: dict[str, bytes] | None = None,
    directory_urls: bool = True,
    addresses: Addresses | None = None,
    site_url: str | None = None,
    recording: Recording | None = None,
) -> GeneratedSite:
    """Every generated page and file of one salesperson's site.

    ``method``: the packaged method pages this playbook shows (:func:`method_pages`), listed in the
    navigation before its own pages.

    ``addresses``: where its pages are published (SPEC §11); ``site_url``: the site's own address, so the
    calendar's events link to their scripts in full. ``recording``: the controls that record from the page and
    their script (:mod:`playbook_gen.buttons`); None, a site without them.
    """
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
            recorder=Controls(recording),
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
        "asks.ics": asks_ics(book, plan, page_url=page_url(site_url, addresses=addresses, directory_urls=directory_urls)),
        "asks.csv": asks_csv(plan).encode(),
        STYLESHEET: stylesheet(templates_dir).read_bytes(),
        **(method or {}),
        **({SCRIPT: script()} if recording is not None else {}),
    }
    own = set(handwritten)
    listed = [uri for uri in METHOD_PAGES if uri in (method or {}) or uri in own] + [uri for uri in handwritten if uri not in METHOD_PAGES]
    return GeneratedSite(
        salesperson_id=book.salesperson.id,
        pages=pages,
        files=files,
        nav=default_nav(listed),
        warnings=playbook.problems_for(book.salesperson.id),
    )


def page_url(site_url: str | None, *, addresses: Addresses, directory_urls: bool) -> Callable[[str], str]:
    """A page's address from its source path: in full under ``site_url``, else relative to the site's root."""
    base = site_url.rstrip("/") + "/" if site_url else ""

    def url(src_uri: str) -> str:
        stem = addresses.source(src_uri).removesuffix(".md")
        return base + (f"{stem}/" if directory_urls else f"{stem}.html")

    return url


@collection_paused()
def make_site(
    docs_dir: Path,
    *,
    root: Path,
    salesperson: str | None,
    team: bool,
    today: date,
    templates_dir: Path | None,
    profiles: ProfileCache | None = None,
    directory_urls: bool = True,
    site_url: str | None = None,
    recording: Recording | None = None,
    open_site: Callable[[str], Addresses | None] | None = None,
) -> GeneratedSite:
    """The site a build makes, every page and file of it: what the plugin and ``generate`` build.

    The one place that decides between a salesperson's site and the team site (``team``); raises
    PlaybookError on errors. ``profiles``: the profiles already parsed, in this process (see
    :func:`~playbook_gen.playbook.load_playbook`). ``open_site``: called with the chosen site's id before its
    pages are made; the addresses it returns are where they are published (an encrypted build's, SPEC §11).
    ``recording``: how its controls record (SPEC §12); the team site has none.

    The cyclic collector is paused for the whole of it (:mod:`playbook_gen.memory`): the playbook and book
    read here are let go as this returns and freed as their last reference goes, without being walked.
    """
    if team:
        playbook = load_playbook(docs_dir, root=root, profiles=profiles)
        if open_site is not None:
            open_site(TEAM_ID)
        return generate_team_site(playbook, today=today, templates_dir=templates_dir)
    playbook, book = load_book(docs_dir, salesperson=salesperson, today=today, root=root, profiles=profiles)
    return generate_for_docs(
        playbook,
        book,
        docs_dir=docs_dir,
        templates_dir=templates_dir,
        directory_urls=directory_urls,
        addresses=open_site(book.salesperson.id) if open_site is not None else None,
        site_url=site_url,
        recording=recording,
    )
