"""One writer at a time (SPEC §8): writing commands started together, as real processes, on the same files.

Each round starts two or three commands at once on a fresh copy of a small
playbook. Every command that exits 0 has its change in the files, one that
does not says why in one line, and ``check`` passes after every round.
``PLAYBOOK_CONCURRENCY_ROUNDS`` makes the run long (default: a few rounds per case).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from playbook_gen.lock import TIMEOUT_VARIABLE, holding

from conftest import MKDOCS_YML, SALESPERSON, invoke, write_tree

ROUNDS = int(os.environ.get("PLAYBOOK_CONCURRENCY_ROUNDS", "2"))

PRIYA = "---\nname: Priya Raman\nrelationship: 4\nknows:\n  - contact: dana-ruiz\n    strength: 4\n---\nPrefers calls.\n"
GRETA = "---\nname: Greta Hansen\nrelationship: 3\nknows:\n  - contact: zoe-lindqvist\n---\n"
DANA = "---\nname: Dana Ruiz\ncompany: Ruiz Logistics\nemail: dana@ruiz.example\nwhy: Dana is handing the business over.\n---\nMet once.\n"
ZOE = "---\nname: Zoë Lindqvist\nwhy: Zoë runs the finance team.\n---\n"


def playbook(root: Path) -> Path:
    return write_tree(
        root,
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/customers/priya-raman.md": PRIYA,
            "docs/customers/greta-hansen.md": GRETA,
            "docs/contacts/dana-ruiz.md": DANA,
            "docs/contacts/zoe-lindqvist.md": ZOE,
        },
    )


@dataclass(frozen=True)
class Ran:
    args: tuple[str, ...]
    code: int
    stderr: str


def together(root: Path, *commands: tuple[str, ...]) -> list[Ran]:
    """Start every command at once, each its own ``python -m playbook_gen`` process, and wait for all."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", TIMEOUT_VARIABLE: "120"}
    env.pop(CRASH, None)
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "playbook_gen", "--config", str(root / "mkdocs.yml"), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    ran = []
    for args, process in zip(commands, started, strict=True):
        _, stderr = process.communicate(timeout=300)
        ran.append(Ran(args, process.returncode, stderr))
    return ran


CRASH = "PLAYBOOK_GEN_CRASH_AT"


def text(root: Path, relative: str) -> str:
    return (root / relative).read_text(encoding="utf-8")


def front_matters(root: Path) -> str:
    """Every profile's front matter, one after the other (where references live)."""
    return "".join(path.read_text(encoding="utf-8").split("\n---", 1)[0] for path in sorted((root / "docs").glob("*/*.md")))


def refused_for_a_missing_contact(ran: Ran) -> bool:
    return ran.code == 1 and "no contact 'dana-ruiz'" in ran.stderr and len(ran.stderr.strip().splitlines()) == 1


def two_outcomes_on_one_contact(root: Path) -> None:
    first, second = together(
        root,
        ("record", "outcome", "dana-ruiz", "Know the cash position every Monday", "--importance", "9", "--satisfaction", "3"),
        ("record", "outcome", "dana-ruiz", "Hand over without losing a customer", "--importance", "8", "--satisfaction", "2"),
    )
    assert (first.code, second.code) == (0, 0), (first, second)
    dana = text(root, "docs/contacts/dana-ruiz.md")
    assert "statement: Know the cash position every Monday" in dana and "statement: Hand over without losing a customer" in dana


def forget_beside_an_ask_for_the_same_person(root: Path) -> None:
    forgot, asked = together(root, ("forget", "dana-ruiz"), ("record", "ask", "priya-raman", "--contact", "dana-ruiz", "--force"))
    assert forgot.code == 0, forgot
    assert asked.code == 0 or refused_for_a_missing_contact(asked), asked
    assert not (root / "docs/contacts/dana-ruiz.md").exists()
    assert "dana-ruiz" not in front_matters(root), "the erased id was written back"


def rename_beside_two_events_for_the_old_id(root: Path) -> None:
    renamed, outcome, asked = together(
        root,
        ("rename", "dana-ruiz", "dana-ruiz-lopez"),
        ("record", "outcome", "dana-ruiz", "Know the cash position every Monday", "--importance", "9", "--satisfaction", "3"),
        ("record", "ask", "priya-raman", "--contact", "dana-ruiz", "--force"),
    )
    assert renamed.code == 0, renamed
    assert not (root / "docs/contacts/dana-ruiz.md").exists()
    dana = text(root, "docs/contacts/dana-ruiz-lopez.md")
    if outcome.code == 0:  # it came first: the rename carried it
        assert "statement: Know the cash position every Monday" in dana
    else:
        assert refused_for_a_missing_contact(outcome), outcome
    if asked.code == 0:
        assert "  - contact: dana-ruiz-lopez\n    date: 2026-11-23\n    result: pending\n" in text(root, "docs/customers/priya-raman.md")
        assert "stage: asked" in dana
    else:
        assert refused_for_a_missing_contact(asked), asked
    assert not re.search(r"\bdana-ruiz\b(?!-)", front_matters(root))


def three_events_on_two_customers(root: Path) -> None:
    ran = together(
        root,
        ("record", "gave", "priya-raman", "Introduced her to a payroll provider"),
        ("record", "gave", "priya-raman", "Sent the succession checklist"),
        ("record", "contacted", "greta-hansen", "--date", "2026-11-20"),
    )
    assert [r.code for r in ran] == [0, 0, 0], ran
    priya = text(root, "docs/customers/priya-raman.md")
    assert "what: Introduced her to a payroll provider" in priya and "what: Sent the succession checklist" in priya
    assert priya.count("last_contact:") == 1
    assert "last_contact: 2026-11-20" in text(root, "docs/customers/greta-hansen.md")


CASES: dict[str, Callable[[Path], None]] = {
    "two record outcome on one contact": two_outcomes_on_one_contact,
    "forget beside record ask --force": forget_beside_an_ask_for_the_same_person,
    "rename beside two events for the old id": rename_beside_two_events_for_the_old_id,
    "three events on two customers": three_events_on_two_customers,
}


@pytest.mark.parametrize("case", list(CASES))
def test_writing_commands_started_together_lose_nothing(tmp_path: Path, case: str) -> None:
    for number in range(ROUNDS):
        root = playbook(tmp_path / f"round-{number}")
        CASES[case](root)
        checked = invoke(root, "check")
        assert checked.exit_code == 0, checked.output
        assert sorted(p.name for p in (root / ".playbook-gen").iterdir()) == [".gitignore", "lock"], "nothing but the lock is left"


def test_a_second_writer_gives_up_after_the_timeout_naming_the_first(tmp_path: Path) -> None:
    root = playbook(tmp_path / "repo")
    before = text(root, "docs/contacts/dana-ruiz.md")
    with holding(root, command="playbook-gen rename dana-ruiz dana-ruiz-lopez"):
        result = invoke(root, "record", "stage", "dana-ruiz", "asked", env={TIMEOUT_VARIABLE: "0.3"})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"playbook-gen: another playbook-gen command (pid {os.getpid()}: playbook-gen rename dana-ruiz dana-ruiz-lopez) is writing this playbook; "
        f"gave up after waiting 0.3 s ({TIMEOUT_VARIABLE}): run this command again when it is done"
    )
    assert text(root, "docs/contacts/dana-ruiz.md") == before
    assert invoke(root, "record", "stage", "dana-ruiz", "asked", env={TIMEOUT_VARIABLE: "0.3"}).exit_code == 0, "the lock is free again"


def test_a_timeout_that_is_not_a_number_is_one_line(tmp_path: Path) -> None:
    root = playbook(tmp_path / "repo")
    result = invoke(root, "record", "contacted", "priya-raman", env={TIMEOUT_VARIABLE: "soon"})
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{TIMEOUT_VARIABLE}: must be a number of seconds, 0 or more; got 'soon'"
