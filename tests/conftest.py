"""Shared fixtures: write a small playbook repository in tmp_path and build it with real MkDocs."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"  # a Monday

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

MKDOCS_YML = """\
site_name: Test playbook
theme:
  name: material
plugins:
  - search
  - playbook:
      today: "2026-11-23"
"""

# A connector and a target most command-line tests share, and a second salesperson.
CUSTOMER = """\
---
name: Priya Raman
relationship: 4
knows:
  - contact: dana-ruiz
    strength: 4
---
Prefers calls.
"""
CONTACT = """\
---
name: Dana Ruiz
why: Dana is handing the business over.
priority: 1
---
"""
TOM = """\
---
name: Tom Becker
offer: make payroll boring
---
"""

SALESPERSON = """\
---
name: Maya Okafor
email: maya@example.com
phone: "+1 555 0100"
company: Northwind Advisory
offer: get their numbers in order before a big change
target_roles: [accountant]
---
Maya helps owners.
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A test that fails while a ``playbook-gen serve`` runs reports what serve did: its log and its threads' stacks."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        from serving import what_serve_did

        if said := what_serve_did():
            report.sections.append(("serve", said))


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under ``root``; text is dedented."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def kept_by_the_lock(root: Path, path: Path) -> bool:
    """One of the lock's own files (``.playbook-gen/lock`` and its ``.gitignore``): they stay between commands and are no change."""
    from playbook_gen.lock import KEPT, WORK_FOLDER

    return path.parent == root / WORK_FOLDER and path.name in KEPT


@pytest.fixture(autouse=True)
def _no_playbook_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their salesperson and today explicitly."""
    monkeypatch.delenv("PLAYBOOK_SALESPERSON", raising=False)
    monkeypatch.delenv("PLAYBOOK_TODAY", raising=False)


@pytest.fixture
def playbook_repo(tmp_path: Path) -> Callable[..., Path]:
    """A function that writes a playbook repository: mkdocs.yml, one salesperson, and ``files``."""

    def make(files: dict[str, str | bytes] | None = None, *, mkdocs_yml: str = MKDOCS_YML, salesperson: bool = True) -> Path:
        root = tmp_path / "repo"
        base: dict[str, str | bytes] = {"mkdocs.yml": mkdocs_yml}
        if salesperson:
            base["docs/salespeople/maya-okafor.md"] = SALESPERSON
        return write_tree(root, {**base, **(files or {})})

    return make


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    """``playbook-gen --config ROOT/mkdocs.yml ARGS`` in this process; an exception the CLI does not turn into an error line fails the test."""
    from click.testing import CliRunner

    from playbook_gen.cli import main

    return CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], env=env, catch_exceptions=False)


def build(root: Path, *, site_dir: Path | None = None, strict: bool = False, **overrides: object) -> Path:
    """Build a playbook with MkDocs' own build, as ``mkdocs build`` does; returns the site dir."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=strict, **overrides)
    mkdocs_build(config)
    return site


@pytest.fixture
def build_site() -> Callable[..., Path]:
    return build


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of this repository's example playbook (docs/ and mkdocs.yml), for commands that write."""
    import shutil

    root = tmp_path / "example"
    root.mkdir()
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root
