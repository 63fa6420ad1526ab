"""A set of file edits, validated against the whole playbook before :mod:`.journal` writes them all or none."""

from __future__ import annotations

import difflib
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
