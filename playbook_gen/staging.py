"""Replacing a built site whole: render into a staging folder beside the target, swap it in only once complete.

A failed build leaves the previous site as it was; a killed one leaves a staging
folder that the next build of the same target removes. Only a folder holding the
marker every build writes is ever replaced.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import PlaybookError, Problem
from .project import Project, display_path

SITE_MARKER = ".playbook-gen-site"
"""Written into every site this tool builds: only a folder holding it is ever replaced."""
SITE_MARKER_TEXT = "This folder is a playbook site built by playbook-gen; the next build replaces it whole.\n"


def leftover_staging(target: Path) -> list[Path]:
    """Staging folders of ``target`` that a killed build left beside it (``.<name>-XXXXXXXX.new`` or ``.old``)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}-[A-Za-z0-9_]{{8}}\.(?:new|old)$")
    if not target.parent.is_dir():
        return []
    return sorted(p for p in target.parent.iterdir() if pattern.match(p.name) and p.is_dir() and not p.is_symlink())


@contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A fresh folder next to ``target`` that replaces it when the block succeeds, and is removed when it fails.

    Staging folders an earlier, killed build of the same target left behind are
    removed first, so a published site directory never carries such copies.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in leftover_staging(target):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".new", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private (0700); a site is published like any folder
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old folder is deleted only once the new one stands in its place."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}-{uuid.uuid4().hex[:8]}.old")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


def check_target(target: Path, *, project: Project, looks_like_ours: Callable[[Path], bool]) -> None:
    """Refuse a target whose replacement would delete the repository or a folder that is not an earlier output."""
    target = target.resolve()
    where = display_path(target)
    for protected in (project.root, project.docs_dir.resolve(), project.templates_dir.resolve()):
        if target == protected or target in protected.parents:
            raise PlaybookError([Problem(where, None, f"would replace {display_path(protected)}; choose a folder of its own")])
    if project.docs_dir.resolve() in target.parents:
        raise PlaybookError([Problem(where, None, "is inside docs_dir; choose a folder outside it")])
    if target.exists() and not target.is_dir():
        raise PlaybookError([Problem(where, None, "exists and is not a folder")])
    if target.is_dir() and any(target.iterdir()) and not looks_like_ours(target):
        raise PlaybookError(
            [Problem(where, None, "is a folder playbook-gen did not make (it holds no marker of an earlier output); choose another folder or empty this one")]
        )


def looks_like_site(folder: Path) -> bool:
    """An earlier build of this tool: it holds the marker file every build writes (an ``index.html`` alone is not enough)."""
    marker = folder / SITE_MARKER
    try:
        return marker.is_file() and not marker.is_symlink() and marker.read_text(encoding="utf-8") == SITE_MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False
