"""Issue 10: profile text never changes how a page behaves.

Every text key and every body (salesperson, customers, contacts, question bank,
``docs/index.md``) holds text that tries to set ids, ``data-md-*`` attributes,
classes and titles, to open a fence Material reads as its configuration, to
load mermaid from a CDN and to include a file with pymdownx.snippets. The site
is built by the plugin and, from ``generate``'s tree, by plain MkDocs; each page
is compared with the same page of a harmless build: no id, ``data-md-*``
attribute or theme class appears that the templates did not make.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from test_hostile import Element, parse

from playbook_gen.cli import main

from conftest import build, write_tree
from steering import EVIL_HOST, SNIPPET_SENTINEL, plain_files, steering_files

THEME_CLASSES = ("md-dialog", "mermaid", "md-search", "md-sidebar", "md-header")


def _plugin_site(root: Path) -> Path:
    return build(root)


def _plain_mkdocs_site(root: Path) -> Path:
    tree = root.parent / "tree"
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), "generate", "--out", str(tree)])
    assert result.exit_code == 0, result.output
    config = load_config(str(tree / "mkdocs.yml"), site_dir=str(root.parent / "plain-site"))
    mkdocs_build(config)
    return root.parent / "plain-site"


BUILDERS = {"plugin": _plugin_site, "generate+mkdocs": _plain_mkdocs_site}


@pytest.fixture(scope="module", params=list(BUILDERS))
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """(hostile pages, harmless pages), each ``{path: html}``, built the same way."""
    built = []
    for label, files in (("steering", steering_files()), ("plain", plain_files())):
        root = write_tree(tmp_path_factory.mktemp(f"{label}-{request.param}") / "repo", files)
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(root)  # pymdownx.snippets resolves base_path from the working directory
            site = BUILDERS[request.param](root)
        built.append({p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))})
    return built[0], built[1]


# An ask's anchor names its person: for a role ask, the role text in letters, digits and
# hyphens only, which can never be one of the theme's ``__`` ids. It is compared by its shape.
ASK_ANCHOR = re.compile(r"^((?:ask|follow-up|thank-you)-\d{4}-\d{2}-\d{2}-your-)[A-Za-z0-9-]+$")


def _ids(page: Element) -> Counter[str]:
    return Counter(ASK_ANCHOR.sub(r"\1<role>", e.attrs["id"] or "") for e in page.walk() if "id" in e.attrs)


def _md_attributes(page: Element) -> Counter[tuple[str, str, str]]:
    return Counter((e.tag, a, v or "") for e in page.walk() for a, v in e.attrs.items() if a.startswith("data-md"))


def _theme_classes(page: Element) -> Counter[tuple[str, str]]:
    return Counter((e.tag, name) for e in page.walk() for name in (e.attrs.get("class") or "").split() if name.startswith(THEME_CLASSES))


def test_the_same_pages_are_built(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, plain = sites
    assert sorted(hostile) == sorted(plain)
    assert len(hostile) >= 10


def test_no_id_comes_from_profile_text(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, plain = sites
    assert len(hostile) > 5  # every page below
    for name, html in hostile.items():
        ids = _ids(parse(html))
        assert ids == _ids(parse(plain[name])), name
        assert all(count == 1 for count in ids.values()), f"{name}: an id twice"


def test_no_data_md_attribute_or_theme_class_comes_from_profile_text(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, plain = sites
    assert len(hostile) > 5  # every page below
    for name, html in hostile.items():
        page, harmless = parse(html), parse(plain[name])
        assert _md_attributes(page) == _md_attributes(harmless), name
        assert _theme_classes(page) == _theme_classes(harmless), name


def test_notes_elements_carry_no_attribute_profile_text_chose(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, _ = sites
    seen = 0
    for name, html in hostile.items():
        page = parse(html)
        for notes in page.find("div", css_class="playbook-notes") + page.find("div", css_class="playbook-intro"):
            seen += 1
            for element in notes.walk():
                if element is notes:
                    continue
                chosen = set(element.attrs) - {"href", "rel", "start", "colspan", "rowspan", "scope"}
                assert chosen == set(), f"{name}: <{element.tag} {sorted(chosen)}>"
            # The fence text is shown as text, not turned into a code block with an id.
            assert "__config" in notes.text() and "graph TD" in notes.text(), name
    assert seen >= 6  # home (intro and bio), salesperson, customers, contacts


def test_nothing_is_included_or_fetched(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, _ = sites
    assert len(hostile) > 5  # every page below
    for name, html in hostile.items():
        assert SNIPPET_SENTINEL not in html, f"{name}: a snippet include ran"
        page = parse(html)
        for element in page.walk():
            for attr in ("src", "href"):
                assert EVIL_HOST not in (element.attrs.get(attr) or ""), f"{name}: <{element.tag} {attr}>"
        for script in page.find("script"):
            if script.attrs.get("id") == "__config":
                assert EVIL_HOST not in script.text(), name
        assert not [e for e in page.find("pre") if "mermaid" in (e.attrs.get("class") or "")], name


def test_an_indented_fence_in_notes_is_text_where_material_looks_for_its_config(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    """Break 1, exactly as reported: the first ``#__config`` in the page is Material's own script."""
    hostile, _ = sites
    for name in ("customers/priya-raman/index.html", "contacts/dana-ruiz/index.html", "index.html", "salespeople/maya-okafor/index.html"):
        first = next(e for e in parse(hostile[name]).walk() if e.attrs.get("id") == "__config")
        assert first.tag == "script", name
