"""Hostile text: every front-matter value shows as written and never becomes markup; bodies are sanitized.

Each hostile string goes into every text key of a salesperson, two customers,
a contact and a question bank, and into every body. The built HTML is parsed
(``html.parser``): no script but Material's own, no ``on*=`` handler, no
``javascript:`` URL; each value reads back as the same text in the page, in
``<title>``, in the navigation, in the table of contents and in the search index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from playbook_gen.render import md_text

from conftest import build, write_tree

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "md-js-link": "[x](javascript:alert(1))",
    "html-js-link": "<a href='javascript:alert(1)'>x</a>",
    "bare-js-url": "javascript:alert(1)",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": '{% include "x" %}',
    "jinja-comment": "{# hidden #} shown",
    "title-breakout": "</title><script>alert(1)</script>",
    "markdown-bold": "**bold** _em_",
    "markdown-code": "`code` ```fence```",
    "table-pipe": "| pipe | cell |",
    "entity": "&amp; &lt;b&gt; &#60;",
    "emoji": ":smile: :+1:",
    "attr-list": "{: onclick=x} {#id .cls}",
    "html-comment": "<!-- private --> after",
    "heading-and-list": "# heading - item 1. first",
    "image": "![img](http://example.com/x.png)",
    "style": "<style>body{display:none}</style>",
    "marks": "==mark== ~~strike~~ ^sup^ $x$ \\*",
    "quotes": "Zoë & \"double\" 'single' <<>>",
    "newlines": "line one\nline two\n\nline three",
    "very-long": "Lorem ipsum <b>dolor</b> " * 200,
    # Blocks of extensions, where a value starts a line of the page (a contact's why, a customer's role).
    "blocks": "/// warning",
    "details": "??? danger Watch out",
    "indented-details": " ???+ note",
}

MKDOCS_YML = """\
site_name: Hostile playbook
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.caret
  - pymdownx.mark
  - pymdownx.tilde
  - pymdownx.magiclink
  - pymdownx.arithmatex
  - pymdownx.details
  - pymdownx.blocks.admonition
  - pymdownx.blocks.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - playbook:
      today: "2026-11-23"
nav:
  - Home: index.md
  - Ask plan: asks.md
  - customers/priya-raman.md
  - contacts/dana-ruiz.md
"""


def files_with(value: str) -> dict[str, str]:
    """A playbook whose every text key and every body holds ``value``."""
    q = json.dumps(value, ensure_ascii=False)  # a YAML double-quoted string: the value exactly
    return {
        "mkdocs.yml": MKDOCS_YML,
        "docs/salespeople/maya-okafor.md": f"---\nname: {q}\ncompany: {q}\nemail: {q}\nphone: {q}\noffer: {q}\ntarget_roles: [{q}]\n---\n{value}\n",
        "docs/customers/priya-raman.md": (
            f"---\nname: {q}\ncompany: {q}\nrole: {q}\nemail: {q}\nphone: {q}\nreference: true\n"
            f"recent_project: {{title: {q}, finished: 2026-10-01, result: {q}}}\n"
            f"knows:\n  - contact: dana-ruiz\n    how: {q}\ntheir: [{q}]\n"
            f"asks:\n  - role: {q}\n    date: 2026-11-02\n    result: introduced\n---\n{value}\n"
        ),
        "docs/customers/greta-hansen.md": f"---\nname: {q}\nrole: {q}\ntheir: [{q}]\nlast_contact: 2025-01-02\n---\n{value}\n",
        "docs/contacts/dana-ruiz.md": (
            f"---\nname: {q}\ncompany: {q}\nrole: {q}\nindustry: {q}\nwhy: {q}\njobs: [{q}]\ntags: [{q}]\n"
            f"outcomes:\n  - statement: {q}\n    importance: 9\n    satisfaction: 2\n  - statement: {q}\n---\n{value}\n"
        ),
        "docs/questions/hostile.md": f"---\ntitle: {q}\ntags: [{q}]\nquestions: [{q}]\n---\n{value}\n",
    }


# -- a small DOM from html.parser -------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """Text as a reader sees it (not scripts, styles or permalink anchors)."""
        if self.tag in ("script", "style") or "headerlink" in (self.attrs.get("class") or ""):
            return ""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def walk(self) -> list[Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.walk())
        return found

    def find(self, tag: str, *, css_class: str | None = None) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag and (css_class is None or css_class in (e.attrs.get("class") or "").split())]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html_text: str) -> Element:
    builder = _Builder()
    builder.feed(html_text)
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


def script_signature(element: Element) -> str:
    """A script by its source (without ``../``), or by its inline code."""
    src = element.attrs.get("src")
    return re.sub(r"^(\.\./)+", "", src) if src else element.text() or "".join(c for c in element.children if isinstance(c, str))


# -- builds ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same playbook with plain text in every key and body: what the pages are made of without a hostile value."""
    return build(write_tree(tmp_path_factory.mktemp("plain") / "repo", files_with("Plain Text")))


@pytest.fixture(scope="module")
def material_scripts(plain_site: Path) -> set[str]:
    """The scripts Material itself puts in pages, from a build with plain text."""
    return {script_signature(s) for page in plain_site.rglob("*.html") for s in parse(page.read_text(encoding="utf-8")).find("script")}


@pytest.fixture(scope="module", params=list(HOSTILE), ids=list(HOSTILE))
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    value = HOSTILE[request.param]
    root = write_tree(tmp_path_factory.mktemp(request.param) / "repo", files_with(value))
    return value, build(root)


def pages(site: Path) -> dict[str, Element]:
    return {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def test_nothing_runs(hostile_site: tuple[str, Path], material_scripts: set[str]) -> None:
    _, site = hostile_site
    built = pages(site)
    assert len(built) > 5 and "contacts/dana-ruiz/index.html" in built  # every page below, and the hostile ones among them
    for name, page in built.items():
        raw = (site / name).read_text(encoding="utf-8")
        # Byte for byte too, in case a browser parses more leniently than html.parser.
        assert len(re.findall(r"<script", raw, re.IGNORECASE)) == len(page.find("script")), name
        for element in page.walk():
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert handlers == [], f"{name}: <{element.tag} {handlers}>"
            for attr in ("href", "src", "action", "formaction", "xlink:href", "data"):
                url = re.sub(r"[\s\x00-\x1f]", "", element.attrs.get(attr) or "").lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:text/html")), f"{name}: <{element.tag} {attr}={url}>"
        for script in page.find("script"):
            assert script_signature(script) in material_scripts, f"{name}: a script that is not Material's"
        assert page.find("style") == [] or all("display:none" not in s.text() for s in page.find("style")), name
        assert not [img for img in page.find("img") if (img.attrs.get("src") or "").startswith("http")], name


BLOCK_CLASSES = {"admonition", "tabbed-set", "critic"}


def blocks_of(page: Element) -> list[str]:
    """The blocks an extension makes (folds, call-outs, tabs, edits) in a page's article, in order."""
    return [
        f"{e.tag}.{e.attrs.get('class') or ''}"
        for e in page.find("article")[0].walk()
        if e.tag == "details" or BLOCK_CLASSES & set((e.attrs.get("class") or "").split())
    ]


def test_no_value_makes_a_block_of_its_own(hostile_site: tuple[str, Path], plain_site: Path) -> None:
    """A value that starts a line of the page ("/// warning", "??? danger") stays text: the page has the blocks
    that plain text gives it, no more."""
    _, site = hostile_site
    built, plain = pages(site), pages(plain_site)
    for name in ("contacts/dana-ruiz/index.html", "customers/priya-raman/index.html", "customers/greta-hansen/index.html", "index.html"):
        assert blocks_of(built[name]) == blocks_of(plain[name]), name


def test_values_show_as_written(hostile_site: tuple[str, Path]) -> None:
    value, site = hostile_site
    shown = squash(value)
    built = pages(site)
    contact = built["contacts/dana-ruiz/index.html"]
    customer = built["customers/priya-raman/index.html"]
    article = {name: squash(page.find("article")[0].text()) for name, page in built.items() if page.find("article")}

    for page in (contact, customer, built["questions/hostile/index.html"], built["salespeople/maya-okafor/index.html"]):
        assert squash(page.find("h1")[0].text()) == shown
    # name, company, role, industry, why, jobs, outcomes (rated and unrated) on the contact page
    assert article["contacts/dana-ruiz/index.html"].count(shown) >= 8
    # name, company, role, email, phone, recent project, their, knows.how, ask history on the customer page
    assert article["customers/priya-raman/index.html"].count(shown) >= 9
    assert shown in article["salespeople/maya-okafor/index.html"].replace(f"# {shown}", "")  # the offer
    assert shown in article["questions/hostile/index.html"].split(shown, 1)[1]  # a question, after the title
    assert shown in article["asks/index.html"]  # the role ask of Greta, for "your <role>"

    for name in ("contacts/dana-ruiz/index.html", "customers/priya-raman/index.html"):
        head_title = next(e for e in built[name].find("title") if "md-" not in str(e.attrs))
        assert squash(head_title.text()) == f"{shown} - Hostile playbook"


def test_navigation_and_table_of_contents_show_text(hostile_site: tuple[str, Path]) -> None:
    value, site = hostile_site
    shown = squash(value)
    contact = pages(site)["contacts/dana-ruiz/index.html"]
    primary = contact.find("div", css_class="md-sidebar--primary")[0]
    labels = [squash(link.text()) for link in primary.find("a", css_class="md-nav__link")]
    assert shown in labels, "the contact's own entry in the user's nav"
    secondary = contact.find("div", css_class="md-sidebar--secondary")[0]
    toc = [squash(link.text()) for link in secondary.find("a", css_class="md-nav__link")]
    assert f"First-meeting guide: {shown}" in toc


def test_search_index_holds_text(hostile_site: tuple[str, Path]) -> None:
    value, site = hostile_site
    shown = squash(value)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    # Material shows these fields as HTML: read as HTML they must be the text, not markup.
    for location in ("contacts/dana-ruiz/", "customers/priya-raman/"):
        title = parse(entries[location]["title"])
        assert squash(title.text()) == shown
        assert [e.tag for e in title.walk()] == ["#document"], "no element in a title"
    for doc in index["docs"]:
        fragment = parse(doc["text"])
        assert fragment.find("script") == [] and fragment.find("img") == []
        assert all(not a.startswith("on") for e in fragment.walk() for a in e.attrs)


def test_bodies_are_markdown_without_raw_html(hostile_site: tuple[str, Path]) -> None:
    value, site = hostile_site
    notes = pages(site)["contacts/dana-ruiz/index.html"].find("div", css_class="playbook-notes")
    if "<!-- private -->" in value:
        assert notes == [], "the whole body is private"
        return
    assert len(notes) == 1
    tags = {e.tag for e in notes[0].walk()} - {"div"}
    assert not tags & {"script", "style", "img", "iframe", "object", "embed", "form", "input", "svg"}
    if value.startswith("**bold**"):
        assert notes[0].find("strong"), "a body is Markdown"


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_md_text_renders_back_to_the_same_text(value: str) -> None:
    """The one escaping function, through the Markdown the pages use, with no site around it."""
    import markdown

    rendered = markdown.markdown(
        f"# {md_text(value)}\n\n| a |\n|---|\n| {md_text(value)} |\n\n- {md_text(value)}\n",
        extensions=["tables", "attr_list", "md_in_html", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.magiclink"],
    )
    tree = parse(rendered)
    for tag in ("h1", "td", "li"):
        element = tree.find(tag)[0]
        assert squash(element.text()) == squash(value), tag
        assert [e for e in element.walk() if e is not element] == [], f"{tag} holds markup"


@pytest.mark.parametrize("order", ["macros first", "macros last"])
def test_with_the_macros_plugin_no_profile_text_runs(order: str, tmp_path: Path) -> None:
    """mkdocs-macros renders every page as a Jinja template: the playbook's pages are not, whatever a name holds
    (in a title, in a script's code block, where no Markdown escape applies)."""
    sentinel = tmp_path / "ran"
    value = "{{ 7*7 }} {{ self.__init__.__globals__.__builtins__.open(" + repr(str(sentinel)) + ", 'w').write('x') }}"
    files = files_with(value)
    plugins = ["  - macros", "  - search", '  - playbook:\n      today: "2026-11-23"']
    if order == "macros last":
        plugins = plugins[1:] + plugins[:1]
    files["mkdocs.yml"] = MKDOCS_YML.split("plugins:")[0] + "plugins:\n" + "\n".join(plugins) + "\nnav:" + MKDOCS_YML.split("nav:")[1]
    site = build(write_tree(tmp_path / "repo", files))
    assert not sentinel.exists(), "a profile's text ran as code"
    built = pages(site)
    for name in ("contacts/dana-ruiz/index.html", "customers/priya-raman/index.html", "customers/greta-hansen/index.html"):
        article = squash(built[name].find("article")[0].text())
        assert "49" not in article and squash(value) in article, name
        assert squash(built[name].find("h1")[0].text()) == squash(value), name
    scripts = [squash(code.text()) for page in built.values() for code in page.find("code")]
    assert sum(squash(value) in script for script in scripts) >= 3, "the scripts and commands show the text as written"
