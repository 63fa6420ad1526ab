"""Private data and isolation: planted markers never reach any byte a build or ``generate`` writes.

Markers are unique letters and digits only, so no escaping (HTML, JSON,
Markdown, URL, iCalendar) can hide one from the scan; each output file is also
scanned after HTML-unescaping, URL-unquoting and iCalendar unfolding.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from playbook_gen.site import METHOD_PAGES

from conftest import build, write_tree

MKDOCS_YML = """\
site_name: Privacy playbook
repo_url: https://example.com/team/playbook
edit_uri: edit/main/docs/
theme:
  name: material
plugins:
  - search
  - playbook:
      today: "2026-11-23"
      salesperson: maya-okafor
"""

# Maya's private data: none of it may appear in any site or export.
PRIVATE = [f"zqpriv{n:02d}x" for n in range(1, 25)]
# Maya's public data: in her site (so the scan is known to see it), never in Tom's.
MAYA_PUBLIC = [f"zqmaya{n:02d}x" for n in range(1, 8)]
# Tom's data: in his site, never in Maya's.
TOM = [f"zqtom{n:02d}x" for n in range(1, 10)]

P = PRIVATE
M = MAYA_PUBLIC
T = TOM

FILES: dict[str, str] = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/method.md": "# The method\n\nAsk for one.\n",
    "docs/salespeople/maya-okafor.md": f"""\
        ---
        name: Maya Okafor
        offer: get their numbers in order {M[0]}
        target_roles: [accountant]
        private: {P[0]}
        private_phone: {P[1]}
        ---
        Maya helps owners {M[1]}.

        <!-- private -->
        {P[2]}
        """,
    "docs/customers/priya-raman.md": f"""\
        ---
        name: Priya Raman {M[2]}
        role: accountant
        owner: maya-okafor
        reference: true
        private: {P[3]}
        private_fee: {P[4]}
        recent_project:
          title: Cash-flow model
          finished: 2026-10-01
          private_budget: {P[5]}
        knows:
          - contact: dana-ruiz
            how: Rowing club {M[3]}
            private: {P[6]}
        asks:
          - role: financial advisor
            date: 2026-11-02
            private_note: {P[7]}
        private_nested:
          deep: [{P[8]}, {{inner: {P[9]}}}]
        ---
        Prefers calls {M[4]}.
        <!-- private -->
        {P[10]}

        ## More private notes

        {P[11]}
        """,
    "docs/customers/greta-hansen.md": f"""\
        ---
        name: Greta Hansen
        owner: maya-okafor
        their: [accountant]
        ---
        Public note. <!--  PRIVATE  --> {P[12]}
        {P[13]}
        """,
    "docs/contacts/dana-ruiz.md": f"""\
        ---
        name: Dana Ruiz
        owner: maya-okafor
        why: Handing over the business {M[5]}.
        private_why: {P[14]}
        stage: not-asked
        outcomes:
          - statement: Know the cash position early
            importance: 9
            satisfaction: 3
            private: {P[15]}
        known_by:
          - customer: greta-hansen
            private_how: {P[16]}
        private_x:
          a:
            b: {P[17]}
        private_list: [{P[18]}, {{x: {P[19]}}}]
        ---
        Met at the fair {M[6]}.
        <!-- private -->
        {P[20]}
        """,
    "docs/questions/owners.md": f"""\
        ---
        title: Owners
        private: {P[21]}
        questions: ["What would you change first?"]
        ---
        <!-- private -->
        {P[22]}
        """,
    "docs/salespeople/tom-becker.md": f"""\
        ---
        name: Tom Becker {T[0]}
        offer: plan the sale of a family firm {T[1]}
        ---
        Tom's bio {T[2]}.
        """,
    "docs/customers/luis-ferreira.md": f"""\
        ---
        name: Luis Ferreira {T[3]}
        owner: tom-becker
        knows:
          - contact: ines-carvalho
            how: Golf {T[4]}
        ---
        Notes {T[5]}.
        """,
    "docs/contacts/ines-carvalho.md": f"""\
        ---
        name: Ines Carvalho {T[6]}
        owner: tom-becker
        why: Selling her firm {T[7]}.
        ---
        Notes {T[8]}.
        """,
}


def output_views(content: bytes) -> Iterator[str]:
    """The file as text, and as its readers decode it: HTML entities, URL escapes, folded iCalendar lines."""
    text = content.decode("utf-8", errors="replace")
    yield text
    yield html.unescape(text)
    yield unquote(html.unescape(text))
    yield text.replace("\r\n ", "").replace("\r\n\t", "").replace("\\n", "\n")


# The method pages ship in the package, the same for every playbook (SPEC §5): their examples name the example
# playbook's people (Tom Becker, Inês Carvalho), which this repository's salespeople are named after too.


def _packaged_urls() -> frozenset[str]:
    """The addresses of the packaged method pages this repository shows (its own pages replace some)."""
    own = {path.removeprefix("docs/") for path in FILES}
    urls = set()
    for uri in METHOD_PAGES:
        stem = uri.removesuffix(".md").removesuffix("/index")
        if {uri, f"{stem}.md", f"{stem}/index.md"} & own:
            continue
        urls.add(f"{stem}/")
    return frozenset(urls)


def _without_method_pages(path: Path, folder: Path, raw: bytes) -> bytes | None:
    """A file as the scan reads it: none for a packaged method page, and the search index without their entries."""
    packaged = _packaged_urls()
    relative = path.relative_to(folder).as_posix()
    if relative.removesuffix("index.html") in packaged:
        return None
    if relative == "search/search_index.json":
        index = json.loads(raw)
        index["docs"] = [doc for doc in index["docs"] if doc["location"].split("#")[0] not in packaged]
        return json.dumps(index, ensure_ascii=False).encode("utf-8")
    return raw


def leaks(folder: Path, markers: list[str]) -> dict[str, list[str]]:
    """Which markers appear in which files under ``folder`` (every file, every byte; the packaged method pages aside)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = _without_method_pages(path, folder, path.read_bytes())
        if raw is None:
            continue
        views = [view.casefold() for view in output_views(raw)]
        hits = [marker for marker in markers if any(marker in view for view in views)]
        if hits:
            found[path.relative_to(folder).as_posix()] = hits
    return found


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("privacy") / "repo", FILES)


@pytest.fixture(scope="module")
def maya_site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(repo, site_dir=tmp_path_factory.mktemp("maya") / "site")


@pytest.fixture(scope="module")
def tom_site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    yml = MKDOCS_YML.replace("salesperson: maya-okafor", "salesperson: tom-becker")
    (repo / "mkdocs-tom.yml").write_text(yml, encoding="utf-8")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("tom") / "site"
    mkdocs_build(load_config(str(repo / "mkdocs-tom.yml"), site_dir=str(site)))
    return site


def test_the_scan_sees_public_data(maya_site: Path, tom_site: Path) -> None:
    """Without this the tests below could pass on an empty site."""
    seen = leaks(maya_site, MAYA_PUBLIC)
    assert {marker for hits in seen.values() for marker in hits} == set(MAYA_PUBLIC)
    assert "search/search_index.json" in seen
    assert {marker for hits in leaks(tom_site, TOM).values() for marker in hits} == set(TOM)


def test_private_keys_and_private_notes_reach_no_file(maya_site: Path, tom_site: Path) -> None:
    assert leaks(maya_site, PRIVATE) == {}
    assert leaks(tom_site, PRIVATE) == {}


def test_exports_and_search_index_are_scanned(maya_site: Path) -> None:
    for name in ("asks.ics", "asks.csv", "search/search_index.json", "404.html", "robots.txt"):
        assert (maya_site / name).is_file(), name
    calendar = (maya_site / "asks.ics").read_text(encoding="utf-8")
    assert "Priya Raman" in calendar and "Dana Ruiz" in calendar and "Greta Hansen" in calendar, "both asks are in the calendar"


def test_a_salespersons_site_holds_nothing_of_another_salesperson(maya_site: Path, tom_site: Path) -> None:
    assert leaks(maya_site, TOM) == {}
    assert leaks(tom_site, MAYA_PUBLIC) == {}
    assert not (maya_site / "salespeople/tom-becker").exists()
    assert not (tom_site / "customers/priya-raman").exists()
    for word in ("Luis Ferreira", "Ines Carvalho", "Tom Becker", "luis-ferreira", "ines-carvalho", "tom-becker"):
        assert leaks(maya_site, [word.casefold()]) == {}, word


class _Head(HTMLParser):
    """The robots meta tags of a page, and whether they sit in its head."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.robots: list[tuple[str | None, bool]] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "meta" and values.get("name") == "robots":
            self.robots.append((values.get("content"), self.in_head))
        # Anything the browser fetches by itself: scripts, styles, images, fonts, frames.
        fetched = values.get("src") if tag in ("script", "img", "iframe", "source", "audio", "video") else None
        if tag == "link" and values.get("rel") in ("stylesheet", "preconnect", "preload", "icon", "dns-prefetch"):
            fetched = values.get("href")
        if fetched and re.match(r"^(https?:)?//", fetched):
            self.external.append(fetched)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def test_every_page_says_noindex_and_the_site_disallows_robots(maya_site: Path) -> None:
    pages = sorted(maya_site.rglob("*.html"))
    assert maya_site / "404.html" in pages and len(pages) > 5
    for page in pages:
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        assert head.robots == [("noindex, nofollow", True)], page
        assert head.external == [], page
    assert (maya_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert not list(maya_site.glob("sitemap.xml*"))
    assert leaks(maya_site, ["fonts.googleapis.com", "fonts.gstatic.com"]) == {}


def _cli_main():  # type: ignore[no-untyped-def]
    from playbook_gen.cli import main

    return main


def _require(command: str) -> None:
    assert command in _cli_main().commands, f"`playbook-gen {command}` is not a command"


def test_generate_writes_nothing_private_nor_of_another_salesperson(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require("generate")
    monkeypatch.chdir(repo)
    out = tmp_path / "generated"
    result = CliRunner().invoke(_cli_main(), ["--config", "mkdocs.yml", "generate", "--out", str(out), "--salesperson", "maya-okafor"])
    assert result.exit_code == 0, result.output
    assert leaks(out, MAYA_PUBLIC), "the generated tree holds Maya's pages"
    assert leaks(out, PRIVATE) == {}
    assert leaks(out, TOM) == {}
    assert (out / "docs/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


@pytest.mark.parametrize("kind", ["ics", "csv"])
def test_exports_on_the_command_line_are_clean(kind: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require("export")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(_cli_main(), ["--config", "mkdocs.yml", "export", kind, "--salesperson", "maya-okafor"])
    assert result.exit_code == 0, result.output
    output = result.output.replace("\r\n ", "").casefold()
    assert [marker for marker in PRIVATE + TOM if marker in output] == []
