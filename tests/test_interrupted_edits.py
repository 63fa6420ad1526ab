"""All or nothing through kill -9 (SPEC §8): a writing command killed at every step of a multi-file edit.

``PLAYBOOK_GEN_CRASH_AT=write N`` makes the command kill itself with SIGKILL at the
N-th step of writing its edit (staging each file, the journal, the commit marker,
putting each file in place, clearing up), and ``recover N`` at the N-th step of
finishing an interrupted one. After the next command, the playbook is wholly as it
was or wholly as the edit makes it, and nothing is left behind but the lock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from playbook_gen.edit.journal import CRASH_VARIABLE
from playbook_gen.playbook import load_playbook
from playbook_gen.problems import errors

from conftest import MKDOCS_YML, SALESPERSON, invoke, kept_by_the_lock, write_tree

PRIYA = "---\nname: Priya Raman\nrelationship: 4\nknows:\n  - contact: dana-ruiz\n    strength: 4\nasks:\n  - contact: dana-ruiz\n    date: 2026-11-02\n    result: pending\n---\nPrefers calls.\n"
GRETA = "---\nname: Greta Hansen\nrelationship: 3\nknows:\n  - contact: dana-ruiz\n---\n"
DANA = "---\nname: Dana Ruiz\ncompany: Ruiz Logistics\nemail: dana@ruiz.example\nwhy: Dana is handing the business over.\nstage: asked\n---\nMet once.\n"

# Each edit changes four files: rename removes one, makes one and rewrites two; forget removes one, edits two and
# adds to .playbook-forgotten, beside mkdocs.yml.
EDITS = {
    "rename": ("rename", "dana-ruiz", "dana-ruiz-lopez"),
    "forget": ("forget", "dana-ruiz"),
}


def playbook(root: Path) -> Path:
    return write_tree(
        root,
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/customers/priya-raman.md": PRIYA,
            "docs/customers/greta-hansen.md": GRETA,
            "docs/contacts/dana-ruiz.md": DANA,
            ".playbook-forgotten": f"salt {'5a' * 32}\n",  # a salt of its own, so that forget writes the same bytes every time
        },
    )


def files(root: Path) -> dict[str, bytes]:
    """Every file of the repository (but the lock's own two), by path: a stray file shows as a path of its own."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and not kept_by_the_lock(root, p)}


def run(root: Path, *args: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": "2026-11-23"}
    env.pop(CRASH_VARIABLE, None)
    if crash is not None:
        env[CRASH_VARIABLE] = crash
    command = [sys.executable, "-m", "playbook_gen", "--config", str(root / "mkdocs.yml"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def states(tmp_path: Path, edit: tuple[str, ...]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The playbook before the edit, and after it when nothing goes wrong."""
    root = playbook(tmp_path / "reference")
    before = files(root)
    done = run(root, *edit)
    assert done.returncode == 0, done.stderr
    after = files(root)
    assert after != before
    shutil.rmtree(root)
    return before, after


def killed(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode == -signal.SIGKILL


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    return sum(before.get(path) != after.get(path) for path in set(before) | set(after))


@pytest.mark.parametrize("name", list(EDITS))
def test_killed_at_every_step_of_an_edit_the_next_command_leaves_it_wholly_old_or_wholly_new(tmp_path: Path, name: str) -> None:
    edit = EDITS[name]
    before, after = states(tmp_path, edit)
    targets = changed(before, after)
    assert targets >= 2
    step = 0
    while True:
        step += 1
        root = playbook(tmp_path / f"step-{step}")
        result = run(root, *edit, crash=f"write {step}")
        if not killed(result):  # past the last step: the edit simply ran
            assert result.returncode == 0, result.stderr
            assert files(root) == after
            break
        checked = invoke(root, "check")  # the next command, in this process
        assert checked.exit_code == 0, f"write {step}: {checked.stdout}{checked.stderr}"
        state = files(root)
        assert state in (before, after), f"write {step}: neither the old nor the new playbook: {sorted(set(state) ^ set(after))}"
        said = [line for line in checked.stderr.splitlines() if line.startswith("playbook-gen: ")]
        command = f"playbook-gen --config {root / 'mkdocs.yml'} {' '.join(edit)}"
        noun = "file" if targets == 1 else "files"
        if step <= targets:  # still staging: nothing had been touched, and nothing is said
            assert (state, said) == (before, []), step
        elif step == targets + 1:  # the journal is written, not committed: undone
            assert (state, said) == (before, [f"playbook-gen: undid an interrupted edit: {command} ({targets} {noun} as they were before it)"]), step
        elif step <= 2 * targets + 2:  # committed, and any number of files in place: completed
            assert (state, said) == (after, [f"playbook-gen: completed an interrupted edit: {command} ({targets} {noun} written)"]), step
        else:  # done, only the clearing up was left
            assert (state, said) == (after, []), step
        assert sorted(p.name for p in (root / ".playbook-gen").iterdir()) == [".gitignore", "lock"], "nothing is left behind"
    assert step == 2 * targets + 5, "every file staged, the journal, the marker, every file put in place, the journal gone and the clearing up are steps"


def test_a_recovery_killed_at_every_step_is_finished_by_the_next_one(tmp_path: Path) -> None:
    edit = EDITS["rename"]
    before, after = states(tmp_path, edit)
    targets = changed(before, after)
    interrupted = playbook(tmp_path / "interrupted")
    assert killed(run(interrupted, *edit, crash=f"write {targets + 3}"))  # committed, one file in place
    step = 0
    while True:
        step += 1
        root = tmp_path / f"step-{step}"
        shutil.copytree(interrupted, root, symlinks=True)  # the journal names its files relative to the repository
        recovering = run(root, "check", crash=f"recover {step}")
        if not killed(recovering):
            assert recovering.returncode == 0 and files(root) == after
            break
        writer = invoke(root, "record", "contacted", "greta-hansen")  # the next writing command finishes it, then writes its own
        assert writer.exit_code == 0, writer.stderr
        assert files(root)["docs/contacts/dana-ruiz-lopez.md"] == after["docs/contacts/dana-ruiz-lopez.md"]
        assert "docs/contacts/dana-ruiz.md" not in files(root)
        assert "last_contact: 2026-11-23" in files(root)["docs/customers/greta-hansen.md"].decode()
        assert sorted(p.name for p in (root / ".playbook-gen").iterdir()) == [".gitignore", "lock"]
    assert step > targets, "each file put in place, the journal gone and the clearing up are steps"


def test_a_build_waits_for_no_half_written_playbook_and_names_an_interrupted_edit(tmp_path: Path) -> None:
    root = playbook(tmp_path / "repo")
    assert killed(run(root, *EDITS["forget"], crash="write 6"))
    found = [str(p) for p in errors(load_playbook(root / "docs", root=root).problems)]
    assert found[0] == (
        ".playbook-gen/journal.json: an edit was interrupted before it was finished, so profiles may be half written; "
        "run playbook-gen check, which completes or undoes it"
    ), found
    dry = run(root, "rename", "greta-hansen", "greta-hansen-berg", "--dry-run")
    assert dry.returncode == 1 and "an edit was interrupted before it was finished: run playbook-gen check" in dry.stderr
    assert invoke(root, "check").exit_code == 0
    assert errors(load_playbook(root / "docs", root=root).problems) == []


def test_a_file_edited_by_hand_after_an_interruption_is_never_overwritten(tmp_path: Path) -> None:
    root = playbook(tmp_path / "repo")
    assert killed(run(root, *EDITS["rename"], crash="write 5"))  # committed, nothing in place yet
    (root / "docs/customers/greta-hansen.md").write_text(GRETA + "Edited by hand.\n", encoding="utf-8")
    checked = invoke(root, "check")
    assert checked.exit_code == 1
    assert checked.stderr.strip().startswith("docs/customers/greta-hansen.md: changed by hand since the edit 'playbook-gen --config ")
    assert (root / "docs/customers/greta-hansen.md").read_text(encoding="utf-8").endswith("Edited by hand.\n")
    assert (root / ".playbook-gen/journal.json").exists(), "kept, with the staged old and new files, until someone decides"
