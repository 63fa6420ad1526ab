"""The engineering manual is a site of its own; the salespeople's playbooks do not carry its pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, invoke

MANUAL_PAGES = {
    "ci": "Building every playbook in CI",
    "hosting": "Hosting a playbook privately",
    "recording-from-issues": "Recording from issues",
    "templates": "Changing the generated pages",
    "performance": "Performance",
}


def test_the_manual_builds_strictly_with_every_page_in_its_navigation(tmp_path: Path) -> None:
    manual = tmp_path / "manual"
    shutil.copytree(REPO / "manual", manual, ignore=shutil.ignore_patterns("site"))
    config = load_config(str(manual / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    for slug, title in MANUAL_PAGES.items():
        page = (tmp_path / "site" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<h1 id="{slug}"' in page or re.search(rf"<h1[^>]*>{re.escape(title)}", page), slug
        assert f'href="{slug}/"' in home, f"the manual's navigation lists {slug}"


def test_a_salespersons_playbook_lists_none_of_the_manuals_pages(example: Path, tmp_path: Path) -> None:
    result = invoke(example, "build", "--salesperson", "maya-okafor", "--site-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "out/maya-okafor"
    for slug in MANUAL_PAGES:
        assert not (site / slug).exists(), f"{slug} is a page of the engineering manual, not of a playbook"
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', home) or re.findall(r'href="([^"]+)"[^>]*class="md-nav__link', home)
    assert any("how-it-works" in href for href in nav), "how the playbook decides stays in a salesperson's navigation"
    assert not [href for href in nav if any(f"{slug}/" in href for slug in MANUAL_PAGES)]


def test_the_salesperson_pages_point_to_the_manual_only_by_its_path() -> None:
    """A playbook page may not link to a manual page: the two are separate sites."""
    for page in sorted((REPO / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for slug in MANUAL_PAGES:
            assert f"]({slug}.md" not in text and f"](../{slug}.md" not in text, f"{page.relative_to(REPO)} links to {slug}.md"
    assert "`manual/docs/hosting.md`" in (REPO / "playbook_gen/method_pages/privacy.md").read_text(encoding="utf-8")
