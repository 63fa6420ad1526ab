"""`mkdocs serve --dirty`: after one profile edit only the pages whose Markdown changed are rebuilt."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

CONTACT = """\
---
name: Dana Ruiz
company: Ruiz Logistics
why: Dana is handing the business over.
known_by:
  - customer: priya-raman
    strength: 4
---
"""
OTHER = """\
---
name: Ben Adler
why: Ben runs a dental practice.
---
"""
CUSTOMER = """\
---
name: Priya Raman
relationship: 4
---
"""


def _serve_build(root: Path, site: Path) -> None:
    """One rebuild as `mkdocs serve --dirty` does it: a fresh config, the persisted plugin."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config, dirty=True)


def test_dirty_serve_rebuilds_only_changed_pages(playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT, "docs/contacts/ben-adler.md": OTHER, "docs/customers/priya-raman.md": CUSTOMER})
    site = tmp_path / "served"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        ben, dana = site / "contacts/ben-adler/index.html", site / "contacts/dana-ruiz/index.html"
        before = {page: page.stat().st_mtime_ns for page in (ben, dana)}

        time.sleep(0.05)
        (root / "docs/contacts/dana-ruiz.md").write_text(CONTACT.replace("handing the business over", "selling the company"), encoding="utf-8")
        _serve_build(root, site)

        assert "selling the company" in dana.read_text(encoding="utf-8")
        assert dana.stat().st_mtime_ns > before[dana], "the edited contact's page is rebuilt"
        assert ben.stat().st_mtime_ns == before[ben], "an unchanged contact's page is not rebuilt"
    finally:
        config.plugins.on_shutdown()


def test_build_keeps_generated_pages_in_memory(playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo({"docs/contacts/ben-adler.md": OTHER})
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        plugin = config.plugins["playbook"]
        assert plugin.page_cache is None
    finally:
        config.plugins.on_shutdown()
