"""One writer at a time, starting from a whole playbook: the lock, then whatever an interrupted edit left, finished.

Every writing command (``record``, ``forget``, ``rename``, ``import``, ``new``,
and a recording from the page under ``serve``) runs its whole work inside
:func:`one_writer`: it loads the playbook, validates its edit and writes it
while no other command can, against the files as they are then.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..lock import JOURNAL_FILE, WORK_FOLDER, holding, left_behind
from ..problems import PlaybookError, Problem
from .journal import recover


@dataclass
class Writing:
    """The lock held by one command: what it is (for the journal and for a command that waits), and what was finished first."""

    root: Path
    command: str
    recovered: list[str] = field(default_factory=list)  # one line per interrupted edit completed or undone


@contextmanager
def one_writer(root: Path, *, command: str | None = None, finish: bool = True, timeout: float | None = None) -> Iterator[Writing]:
    """Hold the playbook's lock for the block; an interrupted edit is completed or undone first (``finish``).

    Without ``finish`` (a dry run, which writes nothing), an interrupted edit stops the command
    with one line instead: the files may be half written, and a diff against them would mislead.
    """
    command = command or command_line()
    with holding(root, command=command, timeout=timeout):
        writing = Writing(root, command)
        if finish:
            line = recover(root)
            if line is not None:
                writing.recovered.append(line)
        elif (root / WORK_FOLDER / JOURNAL_FILE).exists():
            raise PlaybookError(
                [
                    Problem(
                        f"{WORK_FOLDER}/{JOURNAL_FILE}",
                        None,
                        "an edit was interrupted before it was finished: run playbook-gen check, which completes or undoes it, then this command again",
                    )
                ]
            )
        yield writing


def finish_interrupted(root: Path, *, command: str | None = None) -> list[str]:
    """For ``check``: what a killed writer left is finished before the files are read; nothing to do is the usual case (no lock taken)."""
    if not left_behind(root):
        return []
    with one_writer(root, command=command) as writing:
        return writing.recovered


def command_line() -> str:
    """This process's command as a person typed it (``playbook-gen record ask greta-hansen --contact zoe-lindqvist``)."""
    return shlex.join(["playbook-gen", *sys.argv[1:]])
