"""One writer at a time: the exclusive lock a writing command holds on a playbook (SPEC §8).

Everything lives in the hidden folder ``.playbook-gen/`` beside ``mkdocs.yml``:

- ``lock``, the lock file (empty; it stays, since removing a lock file that another
  process may be opening is how two processes end up holding two locks), and
  ``.gitignore``, which keeps the whole folder out of git in any repository;
- while a command holds the lock: ``holder`` (its process id and command line, so that
  a second command that gives up can say which one it waited for), and while it writes,
  its journal and staged files (:mod:`.journal`).

This module knows the file names and the lock only, so that the loader
(:mod:`playbook_gen.playbook`) can wait for a writer without importing the
writing side.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .problems import PlaybookError, Problem

WORK_FOLDER = ".playbook-gen"
LOCK_FILE = "lock"
IGNORE_FILE = ".gitignore"
KEPT = (LOCK_FILE, IGNORE_FILE)
"""What stays in the work folder between commands; anything else there is a command's, at work or interrupted."""
HOLDER_FILE = "holder"
JOURNAL_FILE = "journal.json"
TIMEOUT_VARIABLE = "PLAYBOOK_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
"""Seconds a second writer waits for the first before it stops with one line."""


def lock_timeout() -> float:
    """``PLAYBOOK_LOCK_TIMEOUT`` (seconds, 0 or more), else the default."""
    raw = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise PlaybookError([Problem(TIMEOUT_VARIABLE, None, f"must be a number of seconds, 0 or more; got {raw!r}")])
    return seconds


@contextmanager
def holding(root: Path, *, command: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the playbook's lock while the block runs; a second holder waits, then stops with one line naming the first."""
    wait = lock_timeout() if timeout is None else timeout
    lock = playbook_lock(root, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise PlaybookError(
            [
                Problem(
                    "playbook-gen",
                    None,
                    f"{who_holds(root)} is writing this playbook; gave up after waiting {wait:g} s ({TIMEOUT_VARIABLE}): run this command again when it is done",
                )
            ]
        ) from None
    try:
        _write_holder(root, command)
        yield
    finally:
        try:
            _clear_holder(root)
        finally:
            lock.release()


def playbook_lock(root: Path, *, timeout: float) -> FileLock:
    """The playbook's lock (not taken yet); its folder is made, ignored by git, on first use."""
    folder = root / WORK_FOLDER
    folder.mkdir(exist_ok=True)
    ignore = folder / IGNORE_FILE
    if not ignore.exists():
        try:
            with ignore.open("x", encoding="utf-8") as out:
                out.write("# Made by playbook-gen: its lock, and an edit's journal while it is written. Never committed.\n*\n")
        except FileExistsError:
            pass  # another command made it a moment ago
    return FileLock(str(folder / LOCK_FILE), timeout=timeout)


def who_holds(root: Path) -> str:
    """``another playbook-gen command (pid 4242: playbook-gen rename dana-ruiz dana-ruiz-lopez)``, as its holder file says."""
    try:
        holder = json.loads((root / WORK_FOLDER / HOLDER_FILE).read_text(encoding="utf-8"))
        return f"another playbook-gen command (pid {int(holder['pid'])}: {holder['command']!s})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another playbook-gen command"


def _write_holder(root: Path, command: str) -> None:
    folder = root / WORK_FOLDER
    text = json.dumps({"pid": os.getpid(), "command": command}, ensure_ascii=False)
    temporary = folder / f"{HOLDER_FILE}.{os.getpid()}"
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, folder / HOLDER_FILE)  # a waiting command never reads half of it


def _clear_holder(root: Path) -> None:
    (root / WORK_FOLDER / HOLDER_FILE).unlink(missing_ok=True)


def left_behind(root: Path) -> list[Path]:
    """What a command left in the work folder besides the lock: its holder file, journal or staged files (none, usually)."""
    folder = root / WORK_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name not in KEPT)


def unfinished_edit(root: Path) -> Problem | None:
    """For a reader (a build): an edit's journal beside ``mkdocs.yml`` means files may be half written.

    A writer at work is waited for (its journal goes when it is done); a journal that is still
    there once the lock is free is an edit that was interrupted, and becomes an error, since
    only a writing command or ``check`` may complete or undo it.
    """
    journal = root / WORK_FOLDER / JOURNAL_FILE
    if not journal.exists():
        return None
    display = f"{WORK_FOLDER}/{JOURNAL_FILE}"
    try:
        lock = playbook_lock(root, timeout=lock_timeout())
        with lock:
            if not journal.exists():
                return None
    except Timeout:
        return Problem(display, None, f"{who_holds(root)} is writing this playbook; build again when it is done")
    except OSError:
        pass  # a read-only repository: nobody writes it, so the journal is as it was left
    return Problem(
        display, None, "an edit was interrupted before it was finished, so profiles may be half written; run playbook-gen check, which completes or undoes it"
    )
