"""Bad input: every case of ``tests/broken/`` gives its exact ``path:line: message``, and no traceback.

Each case is tried through the loader, a real MkDocs build (in process, and a few
through the ``mkdocs`` command itself), and ``playbook-gen check`` / ``build``.
A BOM, CRLF and CR line endings are not defects: those files build.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from playbook_gen.playbook import load_playbook

from conftest import MKDOCS_YML, SALESPERSON, build

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
WARNING_LINE = re.compile(r"^[^:]+(?::\d+)?: warning: ")
# A sample that covers each family of defect, also run through the real `mkdocs` command.
COMMAND_LINE_SAMPLE = ("yaml-unclosed-quote", "not-utf8", "missing-name", "missing-contact-in-knows", "file-name-not-an-id", "key-written-twice")


def make_case(name: str, where: Path) -> Path:
    """Lay the base playbook, then the case, into ``where/repo``."""
    root = where / "repo"
    shutil.copytree(BROKEN / "_base", root)
    shutil.copytree(BROKEN / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def expected(name: str) -> list[str]:
    return (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def split(lines: list[str]) -> tuple[list[str], list[str]]:
    """(errors, warnings)"""
    warnings = [line for line in lines if WARNING_LINE.match(line)]
    return [line for line in lines if line not in warnings], warnings


def cli_main():  # type: ignore[no-untyped-def]
    from playbook_gen.cli import main

    return main


def require_command(name: str) -> None:
    """The command this case runs is one of the CLI's (a renamed or lost command fails here, not later)."""
    assert name in cli_main().commands, f"`playbook-gen {name}` is not a command"


# -- the corpus itself ------------------------------------------------------


def test_the_corpus_has_at_least_25_cases_of_one_defect_each() -> None:
    assert len(CASES) >= 25
    for name in CASES:
        lines = expected(name)
        assert len(lines) == 1, f"{name}: one defect, one line"
        assert re.match(r"^docs/[^:]+(:\d+)?: ", lines[0]), f"{name}: path:line: message"


@pytest.mark.parametrize(
    "name, line",
    [
        ("yaml-unclosed-quote", 3),  # the line where the broken quoted value starts
        ("yaml-value-runs-on", 3),  # the value that runs on, not the line where YAML noticed
        ("yaml-unclosed-quote-then-more-keys", 3),  # the open quote, not the line where a later quote closed it
        ("yaml-apostrophe-in-single-quotes", 6),  # the value holding the stray quote, not the top of the block
        ("missing-name", 1),  # a missing key: the opening ---
        ("missing-offer", 1),
        ("not-utf8", 3),  # the bad byte's line
        ("nul-byte", 4),
        ("out-of-range-outcome-importance", 6),  # a nested key: its own line
        ("duplicate-knows", 6),
    ],
)
def test_lines_follow_the_spec(name: str, line: int) -> None:
    assert expected(name)[0].split(":")[1] == str(line)


# -- loader, mkdocs build, playbook-gen ----------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_loader_gives_the_exact_message(name: str, tmp_path: Path) -> None:
    root = make_case(name, tmp_path)
    problems = load_playbook(root / "docs", root=root).problems
    assert [str(p) for p in sorted(problems)] == expected(name)


@pytest.mark.parametrize("name", CASES)
def test_mkdocs_build_stops_with_the_message(name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_case(name, tmp_path)
    errors, warnings = split(expected(name))
    caplog.set_level(logging.WARNING)
    if errors:
        with pytest.raises(Abort):
            build(root)
        logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert any(line in message.splitlines() for message in logged for line in errors), logged
        assert not (root / "site").exists(), "nothing is written when a profile is broken"
    else:
        build(root)
        logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert all(any(message.endswith(line) for message in logged) for line in warnings), logged
        with pytest.raises(Abort):
            build(root, site_dir=tmp_path / "strict", strict=True)
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("name", COMMAND_LINE_SAMPLE)
def test_the_mkdocs_command_prints_one_error_line_and_no_traceback(name: str, tmp_path: Path) -> None:
    root = make_case(name, tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"ERROR   -  {expected(name)[0]}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", CASES)
def test_playbook_gen_check_prints_the_message(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_command("check")
    root = make_case(name, tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli_main(), ["--config", "mkdocs.yml", "check"])
    errors, _ = split(expected(name))
    assert result.exit_code == (1 if errors else 0), result.output
    assert all(line in result.output.splitlines() for line in expected(name)), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", [case for case in CASES if split(expected(case))[0]])  # a warning does not stop a build
def test_playbook_gen_build_stops_with_the_message(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_command("build")
    errors, _ = split(expected(name))
    root = make_case(name, tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli_main(), ["--config", "mkdocs.yml", "build", "--salesperson", "maya-okafor", "--site-dir", "out"])
    assert result.exit_code != 0
    assert any(line in result.output for line in errors), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert not (root / "out").exists() or not any((root / "out").rglob("*.html"))


# -- not defects: BOM, CRLF, CR ---------------------------------------------------

CONTACT_LINES = ["---", "name: Zoë Lindqvist", "company: Lindqvist Marine", "priority: 1", "---", "Met at the fair.", ""]


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param("\ufeff" + "\n".join(CONTACT_LINES), id="bom"),
        pytest.param("\r\n".join(CONTACT_LINES), id="crlf"),
        pytest.param("\ufeff" + "\r\n".join(CONTACT_LINES), id="bom-crlf"),
        pytest.param("\r".join(CONTACT_LINES), id="cr"),
    ],
)
def test_bom_and_windows_line_endings_build(encoded: str, playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo({"docs/contacts/zoe-lindqvist.md": encoded.encode("utf-8")})
    site = build(root)
    page = (site / "contacts/zoe-lindqvist/index.html").read_text(encoding="utf-8")
    assert "Zoë Lindqvist" in page and "Lindqvist Marine" in page and "Met at the fair." in page


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_hold_with_any_line_ending_and_a_bom(newline: str, tmp_path: Path) -> None:
    lines = ["---", "name: Zoë Lindqvist", "company: Lindqvist Marine", "priority: 9", "---", ""]
    (tmp_path / "docs/contacts").mkdir(parents=True)
    (tmp_path / "docs/salespeople").mkdir()
    (tmp_path / "docs/salespeople/maya-okafor.md").write_text(SALESPERSON, encoding="utf-8")
    (tmp_path / "docs/contacts/zoe-lindqvist.md").write_bytes(("\ufeff" + newline.join(lines)).encode("utf-8"))
    problems = load_playbook(tmp_path / "docs", root=tmp_path).problems
    assert [str(p) for p in problems] == ["docs/contacts/zoe-lindqvist.md:4: priority: must be a whole number from 1 to 3, got 9"]


def test_a_broken_file_of_another_salesperson_does_not_stop_this_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of other salespeople are not part of the build (SPEC §2), so their errors are theirs."""
    root = make_case("knows-another-salespersons-contact", tmp_path)
    (root / "docs/customers/priya-raman.md").write_text("---\nname: Priya Raman\nowner: maya-okafor\n---\n", encoding="utf-8")
    (root / "docs/contacts/dana-ruiz.md").write_text("---\nname: Dana Ruiz\nowner: tom-becker\npriority: 9\n---\n", encoding="utf-8")
    site = build(root)
    assert (site / "customers/priya-raman/index.html").is_file()
    assert not (site / "contacts/dana-ruiz").exists()
    monkeypatch.setenv("PLAYBOOK_SALESPERSON", "tom-becker")
    with pytest.raises(Abort):
        build(root, site_dir=tmp_path / "tom")


def test_every_error_of_a_playbook_is_reported_at_once(playbook_repo) -> None:
    root = playbook_repo(
        {
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\npriority: 9\n---\n",
            "docs/contacts/ben-adler.md": "---\nname: Ben Adler\nstage: negotiating\n---\n",
            "docs/customers/priya-raman.md": "---\nname: [Priya]\n---\n",
        },
        mkdocs_yml=MKDOCS_YML,
    )
    paths = {p.path for p in load_playbook(root / "docs", root=root).problems}
    assert paths == {"docs/contacts/dana-ruiz.md", "docs/contacts/ben-adler.md", "docs/customers/priya-raman.md"}


def test_a_file_name_that_is_not_utf8_is_named_readably(playbook_repo, caplog: pytest.LogCaptureFixture) -> None:
    root = playbook_repo({"docs/customers/priya-raman.md": "---\nname: Priya Raman\n---\n"})
    with open(os.fsencode(root / "docs/customers") + b"/caf\xe9.md", "wb") as profile:
        profile.write(b"---\nname: Cafe\n---\n")
    problems = [str(p) for p in load_playbook(root / "docs", root=root).problems]
    assert problems == [
        "docs/customers/caf\ufffd.md: 'caf\ufffd.md' is not a valid id: use lowercase ASCII letters, digits and single hyphens; rename it caf.md"
    ]
    with pytest.raises(Abort):
        build(root)
    assert problems[0] in caplog.text and "Traceback" not in caplog.text
