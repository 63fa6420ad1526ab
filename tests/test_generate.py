"""``playbook-gen generate``: plain MkDocs, without the playbook plugin, builds the same site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from playbook_gen.mkdocs_settings import ROBOTS_META

from conftest import invoke

MKDOCS_YML = """\
site_name: Test playbook
repo_url: https://example.com/team/playbooks
edit_uri: edit/main/docs/
theme:
  name: material
  features:
    - navigation.sections
plugins:
  - search
  - playbook:
      today: "2026-11-23"
markdown_extensions:
  - footnotes
"""
CUSTOMER = """\
---
name: Priya <b>Raman</b>
company: Raman & Co
relationship: 4
knows:
  - contact: dana-ruiz
    strength: 4
    how: Same rowing club
---
Prefers calls.
<!-- private -->
Owes me a favour.
"""
CONTACT = """\
---
name: Dana Ruiz
why: Dana is handing the business over.
priority: 1
private_notes: never shown
---
"""
HANDWRITTEN = {
    "docs/index.md": "# Our playbook\n\nAsk for one.\n",
    "docs/method/index.md": "# The method\n\nOne connector, one person.[^1]\n\n[^1]: A footnote.\n",
    "docs/method/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
}


SALESPERSON = """\
---
name: Maya Okafor
offer: get their numbers in order before a big change
---
"""


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content, encoding="utf-8")
    return root


def plugin_build(root: Path, site: Path) -> Path:
    """``mkdocs build`` of the repository, with the playbook plugin."""
    mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return site


def plain_mkdocs_build(tree: Path, site: Path) -> None:
    """``mkdocs build -f TREE/mkdocs.yml`` without the playbook plugin."""
    config = load_config(str(tree / "mkdocs.yml"), site_dir=str(site), strict=True)
    assert "playbook" not in config.plugins
    mkdocs_build(config)


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def without_robots_meta(html: str) -> str:
    """The page with its ``noindex`` tag (placed differently by the plugin and the theme override) and blank lines removed."""
    return "\n".join(line for line in html.splitlines() if line.strip() and line.strip() != ROBOTS_META)


def squeezed(html: str) -> list[str]:
    return [line.strip() for line in without_robots_meta(html).splitlines()]


def edit_link(html: str) -> str | None:
    match = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit">', html)
    return match[1] if match else None


@pytest.fixture
def repo(playbook_repo) -> Path:
    return playbook_repo({"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT, **HANDWRITTEN}, mkdocs_yml=MKDOCS_YML)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The plugin's site, the generated tree, and plain MkDocs' site of that tree (built once for this module)."""
    tmp_path = tmp_path_factory.mktemp("generate")
    repo = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/customers/priya-raman.md": CUSTOMER,
            "docs/contacts/dana-ruiz.md": CONTACT,
            **HANDWRITTEN,
        },
    )
    with pytest.MonkeyPatch.context() as env:
        env.delenv("PLAYBOOK_SALESPERSON", raising=False)
        env.delenv("PLAYBOOK_TODAY", raising=False)
        with_plugin = plugin_build(repo, tmp_path / "with-plugin")
        result = invoke(repo, "generate", "--out", str(tmp_path / "tree"))
        assert result.exit_code == 0, result.output
        plain_mkdocs_build(tmp_path / "tree", tmp_path / "plain")
    return with_plugin, tmp_path / "tree", tmp_path / "plain"


def test_the_tree_holds_plain_markdown_and_the_files(both: tuple[Path, Path, Path]) -> None:
    _, tree, _ = both
    docs = tree / "docs"
    for name in ("index.md", "asks.md", "customers/index.md", "contacts/index.md", "customers/priya-raman.md", "contacts/dana-ruiz.md"):
        assert (docs / name).is_file(), name
    for name in ("robots.txt", "asks.ics", "asks.csv", "assets/playbook.css", "method/index.md", "method/logo.svg"):
        assert (docs / name).is_file(), name
    assert (docs / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    priya = (docs / "customers/priya-raman.md").read_text(encoding="utf-8")
    assert "Owes me a favour" not in priya and "never shown" not in (docs / "contacts/dana-ruiz.md").read_text(encoding="utf-8")
    assert ROBOTS_META in (tree / "overrides/main.html").read_text(encoding="utf-8")
    assert not list(docs.rglob("salespeople/tom*"))


def test_the_config_is_the_users_with_what_the_plugin_adds_and_without_the_plugin(both: tuple[Path, Path, Path]) -> None:
    _, tree, _ = both
    config = yaml.load((tree / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    assert config["site_name"] == "Test playbook" and config["repo_url"] == "https://example.com/team/playbooks"
    assert config["plugins"] == ["search"]
    assert config["nav"][:4] == [{"Home": "index.md"}, {"Ask plan": "asks.md"}, {"Customers": "customers/index.md"}, {"Contacts": "contacts/index.md"}]
    assert config["theme"]["font"] is False and config["theme"]["custom_dir"] == "overrides"
    assert "navigation.sections" in config["theme"]["features"] and "content.action.edit" in config["theme"]["features"]
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert "footnotes" in names and "pymdownx.tabbed" in names
    assert config["extra_css"] == ["assets/playbook.css"]


def test_plain_mkdocs_builds_the_same_pages(both: tuple[Path, Path, Path]) -> None:
    with_plugin, _, plain = both
    plugin_pages, plain_pages = html_files(with_plugin), html_files(plain)
    assert sorted(plain_pages) == sorted(plugin_pages)
    assert len(plain_pages) >= 8
    for name, html in plugin_pages.items():
        # Same page, byte for byte, but for where the noindex tag sits in <head>.
        assert without_robots_meta(plain_pages[name]) == without_robots_meta(html), name


def test_every_page_is_noindex_and_there_is_no_sitemap(both: tuple[Path, Path, Path]) -> None:
    _, _, plain = both
    pages = html_files(plain)
    assert "404.html" in pages and len(pages) > 5  # every page below
    for name, html in pages.items():
        assert html.count(ROBOTS_META) == 1, name
    assert (plain / "404.html").is_file()
    assert not (plain / "sitemap.xml").exists() and not (plain / "sitemap.xml.gz").exists()
    assert (plain / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_titles_and_search_index_match(both: tuple[Path, Path, Path]) -> None:
    with_plugin, _, plain = both
    title = re.compile(r"<title>(.*?)</title>")
    for name, html in html_files(with_plugin).items():
        assert title.findall(html) == title.findall(html_files(plain)[name]), name
    assert "<title>Priya &lt;b&gt;Raman&lt;/b&gt; - Test playbook</title>" in html_files(plain)["customers/priya-raman/index.html"]
    plugin_index = json.loads((with_plugin / "search/search_index.json").read_text(encoding="utf-8"))
    plain_index = json.loads((plain / "search/search_index.json").read_text(encoding="utf-8"))
    assert sorted(map(json.dumps, plain_index["docs"])) == sorted(map(json.dumps, plugin_index["docs"]))
    assert "Owes me a favour" not in (plain / "search/search_index.json").read_text(encoding="utf-8")


def test_other_files_are_the_same_bytes(both: tuple[Path, Path, Path]) -> None:
    with_plugin, _, plain = both
    for path in sorted(with_plugin.rglob("*")):
        relative = path.relative_to(with_plugin).as_posix()
        if path.is_file() and not relative.endswith(".html") and relative != "search/search_index.json":
            assert (plain / relative).read_bytes() == path.read_bytes(), relative


def test_edit_links_open_the_profile_file_and_generated_pages_have_none(both: tuple[Path, Path, Path]) -> None:
    with_plugin, _, plain = both
    pages = html_files(plain)
    assert edit_link(pages["customers/priya-raman/index.html"]) == "https://example.com/team/playbooks/edit/main/docs/customers/priya-raman.md"
    assert edit_link(pages["index.html"]) == "https://example.com/team/playbooks/edit/main/docs/index.md"  # the hand-written intro
    assert edit_link(pages["asks/index.html"]) is None
    assert edit_link(pages["customers/index.html"]) is None
    for name, html in html_files(with_plugin).items():
        assert edit_link(pages[name]) == edit_link(html), name


def test_generate_for_one_of_several_salespeople(playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo(
        {
            "docs/salespeople/tom-becker.md": "---\nname: Tom Becker\noffer: make payroll boring\n---\n",
            "docs/customers/priya-raman.md": CUSTOMER.replace("relationship: 4", "relationship: 4\nowner: maya-okafor"),
            "docs/contacts/dana-ruiz.md": CONTACT.replace("priority: 1", "priority: 1\nowner: maya-okafor"),
        }
    )
    result = invoke(root, "generate", "--out", str(tmp_path / "tom"), "--salesperson", "tom-becker")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("tom-becker: wrote ")
    assert not (tmp_path / "tom/docs/customers/priya-raman.md").exists()
    assert "Tom Becker" in (tmp_path / "tom/docs/index.md").read_text(encoding="utf-8")
    assert (tmp_path / "tom/mkdocs.yml").read_text(encoding="utf-8").startswith("# Written by playbook-gen generate from ")


def test_generate_replaces_its_own_output_and_nothing_else(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "tree"
    assert invoke(repo, "generate", "--out", str(out)).exit_code == 0
    (out / "docs/stale.md").write_text("# Stale\n", encoding="utf-8")
    again = invoke(repo, "generate", "--out", str(out))
    assert again.exit_code == 0, again.output
    assert not (out / "docs/stale.md").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.md").write_text("mine", encoding="utf-8")
    refused = invoke(repo, "generate", "--out", str(foreign))
    assert refused.exit_code == 1
    assert "is a folder playbook-gen did not make" in refused.stderr
    assert (foreign / "thesis.md").read_text(encoding="utf-8") == "mine"
    into_sources = invoke(repo, "generate", "--out", str(repo))
    assert into_sources.exit_code == 1 and "would replace" in into_sources.stderr


def test_a_users_own_theme_override_stays_in_charge(playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo(
        {
            "overrides/main.html": '{% extends "base.html" %}\n{% block extrahead %}<meta name="team" content="north">{% endblock %}\n',
            "hooks/shout.py": "def on_page_markdown(markdown, **kwargs):\n    return markdown.replace('quiet', 'LOUD')\n",
            "docs/notes.md": "# Notes\n\nquiet words\n",
        },
        mkdocs_yml=MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n") + "hooks:\n  - hooks/shout.py\n",
    )
    with_plugin = plugin_build(root, tmp_path / "with-plugin")
    assert invoke(root, "generate", "--out", str(tmp_path / "tree")).exit_code == 0
    plain_mkdocs_build(tmp_path / "tree", tmp_path / "plain")
    notes = (tmp_path / "plain/notes/index.html").read_text(encoding="utf-8")
    assert '<meta name="team" content="north">' in notes and ROBOTS_META in notes and "LOUD words" in notes
    plugin_notes = (with_plugin / "notes/index.html").read_text(encoding="utf-8")
    # Jinja's super() indents the user's block differently; the lines are the same.
    assert squeezed(notes) == squeezed(plugin_notes)


def test_the_tree_names_the_site_as_the_plugin_prints_it_without_characters_that_turn_text_around(playbook_repo, tmp_path: Path) -> None:
    """A right-to-left override in ``site_name`` would reverse the title of every page built from the tree."""
    repo = playbook_repo(
        {"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT},
        mkdocs_yml=MKDOCS_YML.replace("site_name: Test playbook", 'site_name: "Test \\u202eplaybook\\u2066"'),
    )
    result = invoke(repo, "generate", "--out", str(tmp_path / "tree"))
    assert result.exit_code == 0, result.output
    config = yaml.load((tmp_path / "tree/mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    assert config["site_name"] == "Test playbook"
    plain_mkdocs_build(tmp_path / "tree", tmp_path / "plain")
    title = re.search(r"<title>(.*?)</title>", (tmp_path / "plain/contacts/dana-ruiz/index.html").read_text(encoding="utf-8"))
    assert title is not None and title[1].endswith(" - Test playbook")


@pytest.mark.parametrize("command", ["build", "generate"])
def test_a_markdown_extension_that_rewrites_the_scripts_is_refused_with_one_line(playbook_repo, tmp_path: Path, command: str) -> None:
    """pymdownx.critic rewrites {~~ ~> ~~} inside code blocks too: a name could change the command a page copies."""
    mkdocs_yml = MKDOCS_YML.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.critic\n")
    repo = playbook_repo({"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT}, mkdocs_yml=mkdocs_yml)
    line = mkdocs_yml.splitlines().index("  - pymdownx.critic") + 1
    out = tmp_path / ("tree" if command == "generate" else "site")
    result = invoke(repo, command, *(["--out", str(out)] if command == "generate" else ["--site-dir", str(out)]))
    assert result.exit_code == 1, result.output
    assert f"mkdocs.yml:{line}: markdown_extensions: remove pymdownx.critic:" in result.stderr, result.stderr
    assert "Traceback" not in result.output and not list(out.rglob("*.html")), result.output
