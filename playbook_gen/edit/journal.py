"""All or nothing, even when the process is killed at any instant: every edit goes through a journal (SPEC §8).

Under the playbook's lock (:mod:`.lock`), in the hidden folder ``.playbook-gen/``
beside ``mkdocs.yml``:

1. each changed file's new bytes and old bytes are staged there (``staged/3.new``,
   ``staged/3.old``), never beside the profiles;
2. ``journal.json`` lists every target: its path and the SHA-256 of its old and new
   bytes (null: no file);
3. the marker ``committed`` is written: from here the edit goes forward;
4. each target is replaced by its staged new bytes (a rename, atomic) or removed;
5. the journal goes (the edit is done), then the rest of the folder.

Whoever takes the lock next (a writing command, or ``check``) finishes what was left:
with no journal, nothing had been touched and the leftovers are removed; a journal
without the marker is undone (every target back to its old bytes); a journal with it
is completed. Each target is then either its old bytes or its new ones; one that is
neither was edited by hand since, and is never overwritten.

``PLAYBOOK_GEN_CRASH_AT`` (``write 4``, ``recover 2``) kills the process with SIGKILL
at that step of writing or of recovering: the tests prove the promise at every step
with it, not with timing luck.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..lock import HOLDER_FILE, JOURNAL_FILE, KEPT, WORK_FOLDER
from ..problems import PlaybookError, Problem
from .changes import FileChange

STAGED = "staged"
COMMITTED = "committed"
CRASH_VARIABLE = "PLAYBOOK_GEN_CRASH_AT"
VERSION = 1


@dataclass(frozen=True)
class Target:
    """One file of an edit: where it is (relative to the repository when inside it), and its old and new bytes' digests."""

    path: str
    old: str | None  # None: there was no file
    new: str | None  # None: the edit removes it


class Conflict(Exception):
    """A target that is neither its old nor its new bytes: edited by hand since the edit was interrupted."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass
class CrashPoints:
    """The fault-injection point of the tests: ``PLAYBOOK_GEN_CRASH_AT=write 4`` kills the process at the 4th step of a write."""

    phase: str
    wanted: int | None
    passed: int = 0

    @classmethod
    def of(cls, phase: str) -> CrashPoints:
        phase_wanted, _, number = os.environ.get(CRASH_VARIABLE, "").strip().partition(" ")
        return cls(phase, int(number) if phase_wanted == phase and number.isdigit() else None)

    def reached(self) -> None:
        self.passed += 1
        if self.passed == self.wanted:
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


# -- writing ---------------------------------------------------------------------------------


def write_all(changes: list[FileChange], *, root: Path, command: str) -> None:
    """Write every change or none, through the journal; a failure on the way puts every file back as it was."""
    if not changes:
        return
    refuse_links([change.path for change in changes], root=root)
    work = root / WORK_FOLDER
    if (work / JOURNAL_FILE).exists():  # the lock's holder finishes it first (:func:`.writing.one_writer`)
        raise PlaybookError(
            [Problem(f"{WORK_FOLDER}/{JOURNAL_FILE}", None, "an interrupted edit is not finished yet: run playbook-gen check, then this command again")]
        )
    steps = CrashPoints.of("write")
    remove_leftovers(work)
    staged = work / STAGED
    staged.mkdir(parents=True)
    targets = []
    for index, change in enumerate(changes):
        if change.after is not None:
            # Bytes that replace a file are on disk before the old ones go. A new file (an import writes
            # thousands) risks nothing that was there, so it skips the wait.
            _write_bytes(staged / f"{index}.new", change.after, sync=change.before is not None)
        if change.before is not None:
            _write_bytes(staged / f"{index}.old", change.before, sync=False)
        targets.append(Target(_stored(change.path, root), _digest(change.before), _digest(change.after)))
        steps.reached()
    _write_journal(work, command=command, targets=targets)
    steps.reached()
    _write_bytes(work / COMMITTED, b"", sync=True)
    _sync_folder(work)
    steps.reached()
    try:
        for index, target in enumerate(targets):
            _forward(root, staged, index, target)
            steps.reached()
        _sync_folders(_target_path(root, target.path).parent for target in targets)
    except Conflict as conflict:
        _undo_after_failure(root, work, targets)
        message = "changed on disk while this command ran (by hand, or by another program): nothing was written; run the command again"
        raise PlaybookError([Problem(_stored(conflict.path, root), None, message)]) from None
    except BaseException:
        _undo_after_failure(root, work, targets)
        raise
    _finish(work, steps)


def _undo_after_failure(root: Path, work: Path, targets: list[Target]) -> None:
    """A write failed half-way (a full disk, a file that cannot be replaced): every file goes back to its old bytes.

    The marker goes first, so that a process killed while undoing is undone by the next command too.
    An undo that fails as well leaves the journal for the next command; the first error is the one reported.
    """
    try:
        (work / COMMITTED).unlink()
        _sync_folder(work)
        _backward(root, work / STAGED, targets)
        (work / JOURNAL_FILE).unlink()
        remove_leftovers(work)
    except (OSError, Conflict):
        pass


def _finish(work: Path, steps: CrashPoints) -> None:
    (work / JOURNAL_FILE).unlink()  # the edit is done: whatever else is left is only leftovers
    _sync_folder(work)
    steps.reached()
    remove_leftovers(work)
    steps.reached()


def _forward(root: Path, staged: Path, index: int, target: Target) -> None:
    path = _target_path(root, target.path)
    current = _digest_of(path)
    if current == target.new:
        return
    if current != target.old:
        raise Conflict(path)
    if target.new is None:
        path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _place(staged / f"{index}.new", path)


def _backward(root: Path, staged: Path, targets: list[Target]) -> None:
    for index, target in enumerate(targets):
        path = _target_path(root, target.path)
        current = _digest_of(path)
        if current == target.old:
            continue
        if current != target.new:
            raise Conflict(path)
        if target.old is None:
            path.unlink()
            continue
        back = staged / f"{index}.back"
        back.unlink(missing_ok=True)
        _write_bytes(back, (staged / f"{index}.old").read_bytes(), sync=True)
        _place(back, path)


def _place(staged: Path, path: Path) -> None:
    """Move a staged file into place: one rename, so the target is whole at every instant."""
    try:
        os.replace(staged, path)
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # the profiles are on another file system than mkdocs.yml
            raise
        beside = path.with_name(f".{path.name}.playbook-gen")
        shutil.copyfile(staged, beside)
        os.replace(beside, path)
        staged.unlink()


# -- recovering ------------------------------------------------------------------------------


def recover(root: Path) -> str | None:
    """Finish an edit that was interrupted (the caller holds the lock): one line saying what was done, or None.

    With no journal, nothing had been touched: the leftovers are removed without a word.
    """
    work = root / WORK_FOLDER
    journal = work / JOURNAL_FILE
    if not journal.exists():
        remove_leftovers(work)
        return None
    command, targets = _read_journal(journal)
    staged = work / STAGED
    committed = (work / COMMITTED).exists()
    steps = CrashPoints.of("recover")
    try:
        if committed:
            for index, target in enumerate(targets):
                _forward(root, staged, index, target)
                steps.reached()
        else:
            _backward(root, staged, targets)
            steps.reached()
    except Conflict as conflict:
        raise PlaybookError([Problem(_stored(conflict.path, root), None, _conflict_message(command, work))]) from None
    _sync_folders(_target_path(root, target.path).parent for target in targets)
    _finish(work, steps)
    files = f"{len(targets)} file{'' if len(targets) == 1 else 's'}"
    if committed:
        return f"playbook-gen: completed an interrupted edit: {command} ({files} written)"
    return f"playbook-gen: undid an interrupted edit: {command} ({files} as they were before it)"


def _conflict_message(command: str, work: Path) -> str:
    return (
        f"changed by hand since the edit '{command}' was interrupted, so it is neither as it was nor as the edit "
        f"would make it; nothing was overwritten: keep the version you want ({WORK_FOLDER}/{STAGED}/ holds the edit's "
        f"old and new files, listed in order in {WORK_FOLDER}/{JOURNAL_FILE}), then remove the folder {WORK_FOLDER}/"
    )


def remove_leftovers(work: Path) -> None:
    """Everything in the work folder but the lock, the journal and the holder file: staged files of an edit that is over or never began."""
    if not work.is_dir():
        return
    for path in work.iterdir():
        if path.name in (*KEPT, JOURNAL_FILE, HOLDER_FILE):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


# -- no symbolic link on the way -------------------------------------------------------------


def refuse_links(paths: list[Path], *, root: Path) -> None:
    """No file is written into or through a symbolic link (SPEC §2): one ``path: message`` per link, nothing written."""
    found: dict[Path, Path] = {}
    for path in paths:
        for step in _steps_below(path, root):
            if step.is_symlink():
                found.setdefault(step, path)
                break
    if found:
        raise PlaybookError(
            [
                Problem(
                    _stored(link, root),
                    None,
                    f"is a symbolic link; playbook-gen writes nothing through one (it would write {_stored(path, root)}): nothing was written",
                )
                for link, path in found.items()
            ]
        )


def _steps_below(path: Path, root: Path) -> list[Path]:
    """Each folder on the way from the repository (or from where ``path`` parts from it) down to ``path``, and ``path`` itself."""
    path = path.absolute()
    for base in (root.absolute(), root.resolve()):
        try:
            parts = path.relative_to(base).parts
            break
        except ValueError:
            continue
    else:
        base = Path(os.path.commonpath([path, root.resolve()]))
        parts = path.relative_to(base).parts
    return [base.joinpath(*parts[: depth + 1]) for depth in range(len(parts))]


# -- files -----------------------------------------------------------------------------------


def _write_journal(work: Path, *, command: str, targets: list[Target]) -> None:
    text = json.dumps({"version": VERSION, "command": command, "targets": [vars(target) for target in targets]}, ensure_ascii=False, indent=1)
    temporary = work / f"{JOURNAL_FILE}.new"
    _write_bytes(temporary, text.encode("utf-8"), sync=True)
    os.replace(temporary, work / JOURNAL_FILE)
    _sync_folder(work)


def _read_journal(journal: Path) -> tuple[str, list[Target]]:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        targets = [Target(str(t["path"]), t["old"], t["new"]) for t in data["targets"]]
        return str(data["command"]), targets
    except (ValueError, KeyError, TypeError) as exc:
        raise PlaybookError(
            [
                Problem(
                    f"{WORK_FOLDER}/{JOURNAL_FILE}",
                    None,
                    f"cannot be read ({exc}); an interrupted edit cannot be finished: compare the profiles with git, then remove the folder {WORK_FOLDER}/",
                )
            ]
        ) from None


def _write_bytes(path: Path, data: bytes, *, sync: bool) -> None:
    with open(path, "xb") as out:
        out.write(data)
        if sync:
            out.flush()
            os.fsync(out.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename or a removal in this folder durable (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _sync_folders(folders: Iterable[Path]) -> None:
    for folder in sorted(set(folders)):
        if folder.is_dir():
            _sync_folder(folder)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except FileNotFoundError:
        return None


def _stored(path: Path, root: Path) -> str:
    """A target as the journal and the messages name it: relative to the repository when it is inside."""
    for base in (root.resolve(), root.absolute()):
        try:
            return path.absolute().relative_to(base).as_posix()
        except ValueError:
            continue
    return path.absolute().as_posix()


def _target_path(root: Path, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else root.resolve() / path
