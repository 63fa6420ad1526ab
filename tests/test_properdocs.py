"""ProperDocs, the maintained fork of MkDocs 1.x, builds the example with the plugin, as MkDocs does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import properdocs  # noqa: F401  (the test extra's: a missing install fails here, never skips)

from playbook_gen.mkdocs_settings import ROBOTS_META

from conftest import REPO

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: str, root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_SALESPERSON": "tom-becker"}
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_properdocs_build_makes_the_same_playbook_as_mkdocs(tmp_path: Path) -> None:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    by_properdocs = build("properdocs", root, tmp_path / "properdocs")
    assert by_properdocs.returncode == 0, by_properdocs.stderr
    by_mkdocs = build("mkdocs", root, tmp_path / "mkdocs")
    assert by_mkdocs.returncode == 0, by_mkdocs.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    ours, theirs = files(tmp_path / "properdocs"), files(tmp_path / "mkdocs")
    assert sorted(ours) == sorted(theirs)
    assert {"index.html", "asks/index.html", "customers/rachel-kim/index.html", "contacts/james-osei/index.html", "asks.ics", "asks.csv", "robots.txt"} <= set(
        ours
    )
    assert "sitemap.xml" not in ours and "sitemap.xml.gz" not in ours
    different = [path for path in ours if GENERATOR.sub(b"", ours[path]) != GENERATOR.sub(b"", theirs[path])]
    assert different == [], "only the generator's name may differ"
    home = ours["index.html"].decode()
    assert ROBOTS_META in home and "ProperDocs" in home, "ProperDocs built it, with the plugin's noindex"
    assert "Tom Becker" in home and "This week" in home
    assert all(ROBOTS_META.encode() in body for path, body in ours.items() if path.endswith(".html"))
