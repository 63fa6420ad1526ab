"""A set of file edits: validated against the whole playbook first, then written all together or not at all."""

from __future__ import annotations

import difflib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..playbook import Playbook, load_playbook
from ..problems import PlaybookError, Problem, errors


@dataclass(frozen=True)
class FileChange:
    """One file's new bytes (``after`` None: the file is removed; ``before`` None: it is new)."""

    path: Path
    display_path: str
    before: bytes | None
    after: bytes | None
    summary: str

    def report(self) -> str:
        """``docs/customers/greta-hansen.md: asks + zoe-lindqvist, pending, 2026-12-07``."""
        return f"{self.display_path}: {self.summary}"

    def diff(self) -> str:
        old = (self.before or b"").decode("utf-8").splitlines(keepends=True)
        new = (self.after or b"").decode("utf-8").splitlines(keepends=True)
        origin = f"a/{self.display_path}" if self.before is not None else "/dev/null"
        target = f"b/{self.display_path}" if self.after is not None else "/dev/null"
        lines = difflib.unified_diff(old, new, fromfile=origin, tofile=target)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def validate(changes: list[FileChange], *, playbook: Playbook, root: Path) -> Playbook:
    """The playbook as it would be with the changes; raises with every error they would introduce."""
    overlay = {change.path: change.after for change in changes}
    edited = load_playbook(playbook.docs_dir, root=root, overlay=overlay, reuse=playbook)
    known = {str(problem) for problem in errors(playbook.problems)}
    new = [problem for problem in errors(edited.problems) if str(problem) not in known]
    if new:
        raise PlaybookError([Problem(p.path, p.line, f"{p.message} (the edit was not written)") for p in new])
    return edited


def write_all(changes: list[FileChange]) -> None:
    """Write every change or none: new bytes go to temporary files beside their targets, then each
    target is moved aside and replaced; any failure puts every original back and removes the rest."""
    tag = uuid.uuid4().hex[:8]
    staged: dict[Path, Path] = {}
    try:
        for change in changes:
            if change.after is not None:
                temp = change.path.with_name(f".{change.path.name}.{tag}.tmp")
                change.path.parent.mkdir(parents=True, exist_ok=True)
                with open(temp, "xb") as out:
                    out.write(change.after)
                    if change.before is not None:
                        # It replaces a file: its bytes are on disk before the old ones go. A new file
                        # (an import writes thousands) risks nothing that was there, so it skips the wait.
                        out.flush()
                        os.fsync(out.fileno())
                staged[change.path] = temp
    except BaseException:
        for temp in staged.values():
            temp.unlink(missing_ok=True)
        raise
    aside: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for change in changes:
            if change.path.exists():
                backup = change.path.with_name(f".{change.path.name}.{tag}.old")
                os.replace(change.path, backup)
                aside[change.path] = backup
            if change.path in staged:
                os.replace(staged.pop(change.path), change.path)
                placed.append(change.path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for path, backup in aside.items():
            os.replace(backup, path)
        for temp in staged.values():
            temp.unlink(missing_ok=True)
        raise
    for backup in aside.values():
        backup.unlink(missing_ok=True)
