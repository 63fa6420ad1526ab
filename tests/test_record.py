"""``record``, ``forget`` and ``rename`` (SPEC §8) on copies of the example playbook and on small playbooks.

Every edit is read back as bytes: only the lines of the event change, the
result passes ``check``, and a refused or failed edit changes no byte.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook_gen.cli import main
from playbook_gen.edit import journal as journal_module

from conftest import REPO, kept_by_the_lock, write_tree

TODAY = "2026-12-07"  # a Monday


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], env={"PLAYBOOK_TODAY": TODAY})


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and not kept_by_the_lock(root, p)}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The removed and added lines of a unified diff, with their line ends (so CRLF shows)."""
    diff = difflib.unified_diff(before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def check_ok(root: Path) -> None:
    result = invoke(root, "check")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.stderr, result.stderr


# -- the events, one by one, on the example ------------------------------------------


def answer_greta_about_dana(example: Path) -> None:
    """Greta's ask about Dana (2026-11-02) is open in the example: she is asked for nobody else until it is answered."""
    result = invoke(example, "record", "answer", "greta-hansen", "--contact", "dana-ruiz", "no-answer", "--date", "2026-12-07")
    assert result.exit_code == 0, result.output


def test_record_ask_appends_the_ask_sets_last_contact_and_moves_the_contact(example: Path) -> None:
    answer_greta_about_dana(example)
    before = snapshot(example)
    result = invoke(example, "record", "ask", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-14")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "docs/contacts/zoe-lindqvist.md: stage not-asked \u2192 asked",
        "docs/customers/greta-hansen.md: asks + zoe-lindqvist, pending, 2026-12-14; last_contact 2026-12-14",
    ]
    after = snapshot(example)
    assert {k for k in after if after[k] != before[k]} == {"docs/contacts/zoe-lindqvist.md", "docs/customers/greta-hansen.md"}
    assert changed_lines(before["docs/customers/greta-hansen.md"], after["docs/customers/greta-hansen.md"]) == [
        "-last_contact: 2026-12-07\n",
        "+last_contact: 2026-12-14\n",
        "+  - contact: zoe-lindqvist\n",
        "+    date: 2026-12-14\n",
        "+    result: pending\n",
    ]
    assert changed_lines(before["docs/contacts/zoe-lindqvist.md"], after["docs/contacts/zoe-lindqvist.md"]) == [
        "-stage: not-asked\n",
        "+stage: asked\n",
    ]
    check_ok(example)


def test_a_week_of_events_each_changes_only_its_lines_and_check_stays_clean(example: Path) -> None:
    steps = [
        (("record", "answer", "greta-hansen", "--contact", "dana-ruiz", "declined"), 2),
        (("record", "ask", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-14"), 2),
        (("record", "answer", "greta-hansen", "--contact", "zoe-lindqvist", "introduced", "--date", "2026-12-16"), 2),
        (("record", "thanked", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-17"), 1),
        (("record", "stage", "zoe-lindqvist", "first-conversation", "--date", "2027-01-05"), 1),
        (("record", "outcome", "zoe-lindqvist", "Know the cash position every Monday", "--importance", "9", "--satisfaction", "3"), 1),
        (("record", "outcome", "zoe-lindqvist", "know the CASH position every monday", "--importance", "8", "--satisfaction", "4"), 1),
        (("record", "contacted", "priya-raman", "--date", "2026-12-08"), 1),
    ]
    for args, files in steps:
        before = snapshot(example)
        result = invoke(example, *args)
        assert result.exit_code == 0, (args, result.output)
        after = snapshot(example)
        assert len([k for k in after if after.get(k) != before.get(k)]) == files, args
        assert len(result.stdout.splitlines()) == files, args
        check_ok(example)
    zoe = (example / "docs/contacts/zoe-lindqvist.md").read_text(encoding="utf-8")
    assert "stage: first-conversation\n" in zoe and "met: 2027-01-05\n" in zoe
    assert zoe.count("statement:") == 1 and "importance: 8\n" in zoe and "satisfaction: 4\n" in zoe
    greta = (example / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert "    result: introduced\n    answered: 2026-12-16\n    thanked: 2026-12-17\n" in greta
    assert "    result: declined\n    answered: 2026-12-07\n" in greta
    # Declined and nobody else asked: Dana is open again for another connector.
    assert "stage: not-asked\n" in (example / "docs/contacts/dana-ruiz.md").read_text(encoding="utf-8")


def test_a_role_introduction_writes_the_new_contacts_profile(example: Path) -> None:
    assert invoke(example, "record", "ask", "marcus-webb", "--role", "accountant").exit_code == 0
    result = invoke(example, "record", "answer", "marcus-webb", "--role", "accountant", "introduced", "--new-contact", "Zoë Ångström")
    assert result.exit_code == 0, result.output
    assert "docs/contacts/zoe-angstrom.md: new contact, introduced by marcus-webb" in result.stdout
    profile = (example / "docs/contacts/zoe-angstrom.md").read_text(encoding="utf-8")
    assert profile.startswith("---\nname: Zoë Ångström\nrole: accountant\nowner: [maya-okafor, tom-becker]\nstage: introduced\n")
    assert "known_by:\n- customer: marcus-webb\n" in profile
    check_ok(example)
    again = invoke(example, "record", "answer", "marcus-webb", "--role", "accountant", "introduced", "--new-contact", "Zoë Ångström")
    assert again.exit_code == 1 and "no open ask of Marcus Webb for their accountant" in again.stderr


def test_dry_run_prints_the_diff_and_writes_nothing(example: Path) -> None:
    answer_greta_about_dana(example)
    before = snapshot(example)
    result = invoke(example, "record", "ask", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-14", "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(example) == before
    assert "--- a/docs/customers/greta-hansen.md\n+++ b/docs/customers/greta-hansen.md\n" in result.stdout
    assert "+  - contact: zoe-lindqvist\n" in result.stdout and "-stage: not-asked\n+stage: asked\n" in result.stdout
    assert result.stderr.strip() == "dry run: 2 files would change; nothing was written"


# -- refusals: one line, exit 1, no byte changed --------------------------------------------

RULES = {
    "cool-down": (
        ("record", "ask", "daniel-hughes", "--contact", "zoe-lindqvist"),
        "docs/customers/daniel-hughes.md:23: refused: Daniel Hughes was asked on 2026-11-10, inside the 6-week cool-down; "
        "ask them again from the week of 2026-12-28; --force records it anyway",
    ),
    "open-ask": (
        ("record", "ask", "greta-hansen", "--contact", "zoe-lindqvist", "--date", "2026-12-14"),
        "docs/customers/greta-hansen.md:23: refused: Greta Hansen has not answered your ask for Dana Ruiz of 2026-11-02 (pending); "
        "a connector is asked for one person at a time: record their answer first; --force records it anyway",
    ),
    "another-connector": (("record", "ask", "daniel-hughes", "--contact", "dana-ruiz", "--date", "2027-03-01"), "is already being asked for through"),
    "unknown-connector": (
        ("record", "ask", "greta-hanson", "--contact", "zoe-lindqvist"),
        "docs/customers/greta-hanson.md: no customer 'greta-hanson': there is no docs/customers/greta-hanson.md; did you mean 'greta-hansen'?",
    ),
    "unknown-contact": (("record", "stage", "zoe", "explore"), "no contact 'zoe'"),
    "no-open-ask": (("record", "answer", "priya-raman", "--contact", "zoe-lindqvist", "introduced"), "no open ask of Priya Raman for zoe-lindqvist"),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_a_refused_edit_is_one_line_and_changes_nothing(example: Path, rule: str) -> None:
    args, expected = RULES[rule]
    before = snapshot(example)
    result = invoke(example, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(example) == before


SMALL_YML = "site_name: Small\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-12-07\n"
SALESPERSON = "---\nname: Maya Okafor\noffer: get their numbers in order\ntarget_roles: [accountant]\ncooldown_weeks: 4\n---\n"


def small(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "small", {"mkdocs.yml": SMALL_YML, "docs/salespeople/maya-okafor.md": SALESPERSON, **files})


REFUSED = {
    "do-not-ask": (
        {
            "docs/customers/ann.md": "---\nname: Ann Lee\ndo_not_ask: true\nknows: [{contact: dana}]\n---\n",
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
        },
        ("ann", "--contact", "dana"),
        "docs/customers/ann.md:3: refused: Ann Lee is marked do_not_ask: never ask them; --force records it anyway",
    ),
    "declined-before": (
        {
            "docs/customers/ann.md": "---\nname: Ann Lee\nknows: [{contact: dana}]\nasks:\n  - {contact: dana, date: 2026-01-05, result: declined}\n---\n",
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
        },
        ("ann", "--contact", "dana"),
        "docs/customers/ann.md:4: refused: Ann Lee was asked for Dana Ruiz before: declined on 2026-01-05; --force records it anyway",
    ),
    "asked-through-another": (
        {
            "docs/customers/ann.md": "---\nname: Ann Lee\nknows: [{contact: dana}]\n---\n",
            "docs/customers/bob.md": "---\nname: Bob Ray\nknows: [{contact: dana}]\nasks:\n  - {contact: dana, date: 2026-11-30}\n---\n",
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nstage: asked\nwhy: She is selling.\n---\n",
        },
        ("ann", "--contact", "dana"),
        "docs/customers/ann.md:1: refused: Dana Ruiz is already being asked for through Bob Ray (open since 2026-11-30); "
        "one person through one connector at a time; --force records it anyway",
    ),
    "role-without-story": (
        {"docs/customers/ann.md": "---\nname: Ann Lee\ntheir: [accountant]\n---\n"},
        ("ann", "--role", "accountant"),
        "docs/customers/ann.md:1: refused: no reference story for a accountant: a role ask needs a customer with reference: true, "
        "role accountant and a recent_project finished in the last 180 days; --force records it anyway",
    ),
}


@pytest.mark.parametrize("rule", list(REFUSED))
def test_every_rule_of_the_method_refuses_and_force_records(tmp_path: Path, rule: str) -> None:
    files, args, expected = REFUSED[rule]
    root = small(tmp_path, files)
    before = snapshot(root)
    refused = invoke(root, "record", "ask", *args)
    assert refused.exit_code == 1, refused.output
    assert refused.stderr == expected + "\n"
    assert snapshot(root) == before
    forced = invoke(root, "record", "ask", *args, "--force")
    assert forced.exit_code == 0, forced.output
    assert "asks + " in forced.stdout


def test_a_file_with_an_error_of_its_own_is_not_edited(tmp_path: Path) -> None:
    root = small(tmp_path, {"docs/customers/ann.md": "---\nname: Ann Lee\nrelationship: 9\n---\n"})
    before = snapshot(root)
    result = invoke(root, "record", "contacted", "ann")
    assert result.exit_code == 1
    assert result.stderr == (
        "docs/customers/ann.md:3: relationship: must be a whole number from 1 to 5, got 9 (fix this first: a file with an error is not edited)\n"
    )
    assert snapshot(root) == before


def test_an_edit_that_would_introduce_an_error_writes_nothing(tmp_path: Path) -> None:
    from playbook_gen.edit.editor import Editor
    from playbook_gen.playbook import load_playbook
    from playbook_gen.problems import PlaybookError

    root = small(tmp_path, {"docs/contacts/dana.md": "---\nname: Dana Ruiz\npriority: 1\n---\n"})
    before = snapshot(root)
    playbook = load_playbook(root / "docs", root=root)
    editor = Editor(playbook, root=root, today=date(2026, 12, 7))
    editor.document(playbook.contacts["dana"]).set("priority", 7)
    with pytest.raises(PlaybookError) as refused:
        editor.apply(dry_run=False)
    assert str(refused.value) == "docs/contacts/dana.md:3: priority: must be a whole number from 1 to 3, got 7 (the edit was not written)"
    assert snapshot(root) == before


# -- line endings, comments, quoting ------------------------------------------------------------


def test_crlf_comments_quoting_and_the_body_stay_byte_identical(tmp_path: Path) -> None:
    customer = (
        "---\r\n# Met at the 2024 fair\r\nname:   'Ann Lee'   # as she writes it\r\nrelationship: 4\r\n"
        'knows:\r\n- {contact: dana, strength: 4, how: "Rowing, Tuesdays"}\r\n\r\nasks: []\r\n---\r\n'
        "Body with trailing spaces   \r\n\r\n  - a list\r\n"
    )
    root = small(tmp_path, {"docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n"})
    (root / "docs/customers").mkdir()
    (root / "docs/customers/ann.md").write_bytes(customer.encode())
    result = invoke(root, "record", "ask", "ann", "--contact", "dana")
    assert result.exit_code == 0, result.output
    after = (root / "docs/customers/ann.md").read_bytes()
    assert changed_lines(customer.encode(), after) == [
        "+last_contact: 2026-12-07\r\n",
        "-asks: []\r\n",
        "+asks:\r\n",
        "+- contact: dana\r\n",
        "+  date: 2026-12-07\r\n",
        "+  result: pending\r\n",
    ]
    assert after.endswith(b"---\r\nBody with trailing spaces   \r\n\r\n  - a list\r\n")
    assert b"name:   'Ann Lee'   # as she writes it\r\n" in after and b"# Met at the 2024 fair\r\n" in after
    check_ok(root)


# -- several files: all or none --------------------------------------------------------------------


def test_a_failure_between_the_writes_of_a_two_file_edit_leaves_both_files_as_they_were(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(example)
    real_replace = os.replace
    placed: list[str] = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).suffix == ".md":  # a profile being put in place
            placed.append(Path(dst).name)
            if len(placed) == 2:  # the first file is in place, the second fails
                raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(journal_module.os, "replace", failing_replace)
    result = invoke(example, "record", "ask", "daniel-hughes", "--contact", "zoe-lindqvist", "--date", "2026-12-28")
    monkeypatch.setattr(journal_module.os, "replace", real_replace)
    assert len(placed) > 2, "the failure came in the middle of the writes, and the first file was put back"
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert snapshot(example) == before  # no staged, journal or moved-aside file is left either


# -- forget and rename ----------------------------------------------------------------------------


def profile_files(root: Path) -> dict[str, str]:
    folders = ("salespeople", "customers", "contacts", "questions")
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for f in folders for p in sorted((root / "docs" / f).glob("*.md"))}


def test_forget_a_contact_removes_the_file_and_every_reference(example: Path) -> None:
    result = invoke(example, "forget", "dana-ruiz")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        ".playbook-forgotten: fingerprint of dana-ruiz kept (one-way: no name, email or URL), so no import brings them back",
        "docs/contacts/dana-ruiz.md: removed",
        "docs/customers/greta-hansen.md: asks \u2212 dana-ruiz",
        "docs/customers/luis-ferreira.md: asks \u2212 dana-ruiz",
    ]
    assert not (example / "docs/contacts/dana-ruiz.md").exists()
    assert "dana" not in (example / ".playbook-forgotten").read_text(encoding="utf-8").casefold()
    assert not [path for path, text in profile_files(example).items() if "dana-ruiz" in text]
    check_ok(example)
    build = invoke(example, "build", "--all")
    assert build.exit_code == 0, build.output


def test_forget_a_customer_removes_known_by_entries_naming_it(example: Path) -> None:
    holders = [path for path, text in profile_files(example).items() if "customer: daniel-hughes" in text]
    assert holders, "the example has contacts known by daniel-hughes"
    assert invoke(example, "forget", "daniel-hughes").exit_code == 0
    assert not [path for path, text in profile_files(example).items() if "daniel-hughes" in text]
    check_ok(example)


def test_forget_a_salesperson_who_owns_profiles_needs_reassign(example: Path) -> None:
    before = snapshot(example)
    refused = invoke(example, "forget", "tom-becker")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("docs/salespeople/tom-becker.md: refused: Tom Becker owns ")
    assert refused.stderr.endswith("profiles; give --reassign OTHER to hand them to another salesperson\n")
    assert snapshot(example) == before
    done = invoke(example, "forget", "tom-becker", "--reassign", "maya-okafor")
    assert done.exit_code == 0, done.output
    assert not [path for path, text in profile_files(example).items() if "tom-becker" in text]
    assert "mkdocs.yml" not in done.stderr  # the example's mkdocs.yml names maya-okafor only
    check_ok(example)


def test_rename_moves_the_file_and_every_reference(example: Path) -> None:
    before = profile_files(example)
    result = invoke(example, "rename", "zoe-lindqvist", "zoe-lind")
    assert result.exit_code == 0, result.output
    assert (example / "docs/contacts/zoe-lind.md").read_bytes() == before["docs/contacts/zoe-lindqvist.md"].encode()
    assert not [path for path, text in profile_files(example).items() if "zoe-lindqvist" in text]
    check_ok(example)
    taken = invoke(example, "rename", "zoe-lind", "dana-ruiz")
    assert taken.exit_code == 1 and taken.stderr == "docs/contacts/dana-ruiz.md: already exists; choose another id (nothing was written)\n"
    bad = invoke(example, "rename", "zoe-lind", "Zoë L")
    assert bad.exit_code == 1 and "did you mean 'zoe-l'?" in bad.stderr


def test_rename_a_salesperson_moves_every_owner_and_points_at_mkdocs_yml(example: Path) -> None:
    result = invoke(example, "rename", "maya-okafor", "maya-ok")
    assert result.exit_code == 0, result.output
    assert "mkdocs.yml:14: warning: still mentions the old id 'maya-okafor'; edit it by hand" in result.stderr
    assert not [path for path, text in profile_files(example).items() if "maya-okafor" in text]
    check_ok(example)


# -- check: the two sides agree --------------------------------------------------------------------


def test_check_warns_when_asks_and_stage_disagree(tmp_path: Path) -> None:
    root = small(
        tmp_path,
        {
            "docs/customers/ann.md": "---\nname: Ann Lee\nasks:\n  - {contact: dana, date: 2026-11-02}\n  - {contact: eve, date: 2026-10-01, result: introduced}\n---\n",
            "docs/contacts/dana.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
            "docs/contacts/eve.md": "---\nname: Eve Stone\nstage: asked\nwhy: She is hiring.\n---\n",
            "docs/contacts/fay.md": "---\nname: Fay Wu\nstage: asked\nwhy: She is growing.\n---\n",
        },
    )
    result = invoke(root, "check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "docs/contacts/eve.md:3: warning: stage: stage asked, but no customer has an open ask for eve; record the ask "
        "(playbook-gen record ask CONNECTOR --contact eve) or the stage it is at",
        "docs/contacts/fay.md:3: warning: stage: stage asked, but no customer has an open ask for fay; record the ask "
        "(playbook-gen record ask CONNECTOR --contact fay) or the stage it is at",
        "docs/customers/ann.md:4: warning: asks[0]: an open ask (pending) for dana, but docs/contacts/dana.md:1 says stage not-asked; "
        "run: playbook-gen record stage dana asked",
        "docs/customers/ann.md:5: warning: asks[1]: eve was introduced, but docs/contacts/eve.md:3 still says stage asked; "
        "run: playbook-gen record stage eve introduced",
    ]


# -- the documentation's week, run as written ----------------------------------------------------

WEEK_PAGE = REPO / "playbook_gen/method_pages/method/a-week-with-the-playbook.md"
DAYS = {"Monday": "2026-12-14", "Wednesday": "2026-12-16", "Thursday": "2026-12-17", "Friday": "2026-12-18", "Friday afternoon": "2026-12-18"}


def week_sessions() -> list[tuple[str, str, list[str]]]:
    """(day, command, the lines it prints) for every ``$ playbook-gen`` line of the page."""
    import re

    sessions = []
    day = ""
    text = WEEK_PAGE.read_text(encoding="utf-8")
    for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        day = part.split(":", 1)[0]
        for block in re.findall(r"```text\n(.*?)```", part, flags=re.DOTALL):
            for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
                command, *printed = chunk.rstrip("\n").split("\n")
                if command.startswith("playbook-gen record"):
                    sessions.append((day, command, printed))
    return sessions


def test_the_week_page_shows_what_the_commands_print(example: Path) -> None:
    import shlex

    sessions = week_sessions()
    assert len(sessions) >= 8
    for day, command, printed in sessions:
        args = shlex.split(command)[1:]
        result = CliRunner().invoke(main, ["--config", str(example / "mkdocs.yml"), *args], env={"PLAYBOOK_TODAY": DAYS[day]})
        assert result.output.splitlines() == printed, (day, command, result.output)
    check_ok(example)
