"""Zensical builds ``generate``'s tree of the example: private, with real edit links, tabs and copy buttons, and no hook.

Zensical reads ``mkdocs.yml`` but runs no third-party plugin and no ``hooks:``,
so a generated tree is the only way a playbook reaches it. Each check here is
one that a Zensical site got wrong or could get wrong: a sitemap naming every
customer and contact (Zensical writes one from its own template when
``site_url`` is set), a page without ``noindex``, an edit link to a generated
file that is in no repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from playbook_gen.mkdocs_settings import ROBOTS_META

from conftest import REPO, TODAY, invoke

if sys.version_info < (3, 11):
    pytest.skip("Zensical, in the test extra, has wheels for Python 3.11 and newer only", allow_module_level=True)

SITE_URL = "https://playbooks.example.com/"
ENV = {"NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY, "PLAYBOOK_SALESPERSON": "maya-okafor"}
EDIT_LINK = re.compile(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit">')


def edit_link(html: str) -> str | None:
    match = EDIT_LINK.search(html)
    return match[1] if match else None


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=600, check=False)


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def zensical_build(tree: Path) -> Path:
    """``zensical build --strict`` in the generated tree; its site is ``TREE/site``."""
    built = run([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], cwd=tree)
    assert built.returncode == 0, built.stdout + built.stderr
    return tree / "site"


def generated_example(root: Path) -> tuple[Path, Path]:
    """A copy of the example playbook with a ``site_url`` (so a sitemap would have URLs to list), and its generated tree."""
    example = root / "example"
    shutil.copytree(REPO / "docs", example / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (example / "mkdocs.yml").write_text(config.replace("site_name:", f"site_url: {SITE_URL}\nsite_name:", 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        for name, value in ENV.items():
            env.setenv(name, value)
        result = invoke(example, "generate", "--out", str(root / "tree"))
    assert result.exit_code == 0, result.output
    return example, root / "tree"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The example playbook as the plugin builds it with MkDocs, its generated tree, and Zensical's site of that tree."""
    root = tmp_path_factory.mktemp("zensical")
    example, tree = generated_example(root)
    with_plugin = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "with-plugin")], cwd=example)
    assert with_plugin.returncode == 0, with_plugin.stderr
    return root / "with-plugin", tree, zensical_build(tree)


def test_zensical_builds_every_page_of_the_playbook(built: tuple[Path, Path, Path]) -> None:
    with_plugin, _, site = built
    pages = html_files(site)
    assert set(html_files(with_plugin)) <= set(pages)
    assert "Maya Okafor" in pages["index.html"] and "This week" in pages["index.html"]
    assert "Zensical" in pages["index.html"], "the site is Zensical's, not MkDocs'"
    for name in ("asks.ics", "asks.csv", "assets/playbook.css"):
        assert (site / name).read_bytes() == (with_plugin / name).read_bytes(), name


def test_every_page_is_noindex_including_404(built: tuple[Path, Path, Path]) -> None:
    _, _, site = built
    pages = html_files(site)
    assert "404.html" in pages
    missing = [name for name, html in pages.items() if ROBOTS_META not in html]
    assert missing == []


def test_robots_txt_disallows_everything(built: tuple[Path, Path, Path]) -> None:
    _, _, site = built
    assert (site / "robots.txt").read_text(encoding="utf-8").split() == ["User-agent:", "*", "Disallow:", "/"]


def test_no_sitemap_lists_a_page(built: tuple[Path, Path, Path]) -> None:
    _, _, site = built
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        if (site / name).exists():
            assert (site / name).stat().st_size == 0, f"{name} lists pages"
    assert not any("<loc>" in path.read_text(encoding="utf-8", errors="replace") for path in site.rglob("*.xml"))


def test_without_the_theme_override_zensical_would_list_every_customer(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The check above can fail: the same tree without the empty sitemap template lists the profiles."""
    _, tree, _ = built
    copy = tmp_path / "tree"
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    (copy / "overrides" / "sitemap.xml").unlink()
    sitemap = (zensical_build(copy) / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}customers/" in sitemap


def test_edit_links_are_the_plugins_profile_files_and_generated_pages_have_none(built: tuple[Path, Path, Path]) -> None:
    with_plugin, _, site = built
    pages, expected = html_files(site), html_files(with_plugin)
    base = "https://example.com/northwind/playbooks/edit/main/docs/"
    assert edit_link(pages["customers/daniel-hughes/index.html"]) == base + "customers/daniel-hughes.md"
    assert edit_link(pages["index.html"]) == base + "index.md"
    for generated in ("asks/index.html", "customers/index.html", "contacts/index.html"):
        assert edit_link(pages[generated]) is None, generated
    for name, html in expected.items():
        link = edit_link(pages[name])
        assert link == edit_link(html), name
        if link is not None:
            assert (REPO / "docs" / link.removeprefix(base)).is_file(), f"{name} links to {link}, which is in no repository"


def test_nothing_depends_on_a_hook(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """MkDocs without the tree's hook gives the same edit links: with Material the theme override carries them."""
    with_plugin, tree, _ = built
    copy = tmp_path / "tree"
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    config = yaml.load((copy / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    assert config.pop("hooks") == ["hooks/playbook_edit_links.py"]
    (copy / "mkdocs.yml").write_text(yaml.dump(config, Dumper=yaml.Dumper), encoding="utf-8")
    plain = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "plain")], cwd=copy)
    assert plain.returncode == 0, plain.stderr
    plain_pages = html_files(tmp_path / "plain")
    assert edit_link(plain_pages["asks/index.html"]) is None
    for name, html in html_files(with_plugin).items():
        assert edit_link(plain_pages[name]) == edit_link(html), name


def test_script_tabs_and_copy_buttons_are_on_the_page(built: tuple[Path, Path, Path]) -> None:
    """Content tabs, and the code copy feature whose buttons Material's script adds (driven in tests/browser/test_browser_zensical.py)."""
    _, _, site = built
    html = (site / "customers" / "daniel-hughes" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="tabbed-set tabbed-alternate"') >= 1
    assert re.search(r'<div class="tabbed-labels"><label for="__tabbed_\d+_1">In person / phone</label>', html)
    assert '<div class="playbook-script highlight"><pre><span></span><code>Daniel, may I ask you a small favour?' in html
    assert re.search(r'"features":\[[^\]]*"content\.code\.copy"', html)
