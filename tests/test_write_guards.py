"""What a writing command never does (SPEC §2, §6, §8): write through a symbolic link, take an id a page needs,
write one profile's text into another as markup, or leave ``init`` half done.
"""

from __future__ import annotations

import csv
import hashlib
import html
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_gen.cli import main

from conftest import MKDOCS_YML, SALESPERSON, build, invoke, write_tree

LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MARCUS = "---\nname: Marcus Webb\nrelationship: 4\ntheir: [accountant]\nasks:\n  - role: accountant\n    date: 2026-11-16\n    result: pending\n---\n"
DANA = "---\nname: Dana Ruiz\nwhy: Dana is handing the business over.\n---\nMet once.\n"


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under ``folder``, with its bytes' digest or where it points."""
    found: dict[str, str] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "folder"
    return found


def one_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    return lines[0]


# -- symbolic links: nothing is written into or through one -------------------------------------------


@pytest.fixture
def linked_contacts(tmp_path: Path) -> tuple[Path, Path]:
    """A playbook whose docs/contacts is a link to a folder outside the repository, holding a profile."""
    root = write_tree(tmp_path / "repo", {"mkdocs.yml": MKDOCS_YML, "docs/salespeople/maya-okafor.md": SALESPERSON, "docs/customers/marcus-webb.md": MARCUS})
    outside = write_tree(tmp_path / "elsewhere", {"dana-ruiz.md": DANA})
    (root / "docs/contacts").symlink_to(outside, target_is_directory=True)
    return root, outside


def test_no_writing_command_writes_through_a_linked_folder(linked_contacts: tuple[Path, Path], tmp_path: Path) -> None:
    root, outside = linked_contacts
    export = tmp_path / "Connections.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([LINKEDIN_HEADER, ["Nora", "Brandt", "", "nora@brandt.example", "Brandt & Co", "Owner", "02 Dec 2026"]])
    before, repository = tree(outside), tree(root / "docs")
    attempts = [
        ("import", "linkedin", str(export), "--as", "contacts"),
        ("new", "contact", "Nora Brandt"),
        ("record", "answer", "marcus-webb", "--role", "accountant", "introduced", "--new-contact", "Nora Brandt"),
    ]
    for attempt in attempts:
        result = invoke(root, *attempt)
        assert result.exit_code == 1, (attempt, result.output)
        assert one_line(result) == (
            "docs/contacts: is a symbolic link; playbook-gen writes nothing through one (it would write docs/contacts/nora-brandt.md): nothing was written"
        ), attempt
    assert tree(outside) == before, "nothing was written where the link points"
    assert tree(root / "docs") == repository


def test_forget_refuses_a_profile_whose_file_is_a_link_and_leaves_both(tmp_path: Path) -> None:
    """Removing the link would leave every byte of the person where it points, even inside the repository."""
    root = write_tree(tmp_path / "repo", {"mkdocs.yml": MKDOCS_YML, "docs/salespeople/maya-okafor.md": SALESPERSON, "archive/dana-ruiz.md": DANA})
    (root / "docs/contacts").mkdir()
    (root / "docs/contacts/dana-ruiz.md").symlink_to("../../archive/dana-ruiz.md")
    result = invoke(root, "forget", "dana-ruiz")
    assert result.exit_code == 1
    assert (root / "docs/contacts/dana-ruiz.md").is_symlink() and (root / "archive/dana-ruiz.md").read_text(encoding="utf-8") == DANA
    assert not (root / ".playbook-forgotten").exists()
    assert one_line(result) == (
        "docs/contacts/dana-ruiz.md: is a symbolic link to '../../archive/dana-ruiz.md'; playbook-gen neither reads nor writes through "
        "a symbolic link: put the file or folder itself here (fix this first: a file with an error is not edited)"
    )


# -- ids a page of the site needs ------------------------------------------------------------------------


def test_ids_that_would_take_a_page_of_the_site_are_refused_everywhere(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/salespeople/tom-becker.md": "---\nname: Tom Becker\noffer: make payroll boring\n---\n",
            "docs/contacts/dana-ruiz.md": DANA.replace("---\nname", "---\nowner: maya-okafor\nname"),
        },
    )
    for args, line in [
        (
            ("new", "contact", "Index", "--owner", "maya-okafor"),
            "new: the id 'index' would take the page that lists them (contacts/index.html); give another id with --id (for instance index-2)",
        ),
        (
            ("new", "customer", "Ann Lee", "--id", "index", "--owner", "maya-okafor"),
            "--id: the id 'index' would take the page that lists them (customers/index.html); give another id with --id (for instance index-2)",
        ),
        (
            ("new", "salesperson", "Team"),
            "new: the id 'team' would take the sales manager's team site (site/team/); give another id with --id (for instance team-2)",
        ),
        (
            ("rename", "dana-ruiz", "index"),
            "docs/contacts/index.md: the id 'index' would take the page that lists them (contacts/index.html); choose another id (nothing was written)",
        ),
        (
            ("rename", "tom-becker", "team"),
            "docs/salespeople/team.md: the id 'team' would take the sales manager's team site (site/team/); choose another id (nothing was written)",
        ),
    ]:
        result = invoke(root, *args)
        assert result.exit_code == 1, (args, result.output)
        assert one_line(result) == line
    assert sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")) == [
        "contacts/dana-ruiz.md",
        "salespeople/maya-okafor.md",
        "salespeople/tom-becker.md",
    ]
    # By hand: check names each file, once.
    write_tree(
        root, {"docs/contacts/index.md": "---\nname: In Dex\nowner: maya-okafor\n---\n", "docs/salespeople/team.md": "---\nname: Te Am\noffer: sell\n---\n"}
    )
    checked = invoke(root, "check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "docs/contacts/index.md: the id 'index' would take the page that lists them (contacts/index.html); rename the file (for instance index-2.md, or the person's name)",
        "docs/salespeople/team.md: the id 'team' would take the sales manager's team site (site/team/); rename the file (for instance team-2.md, or the person's name)",
    ]


# -- one profile's text written into another is text --------------------------------------------------


def test_a_connectors_name_never_becomes_markup_in_the_profile_it_introduces(tmp_path: Path) -> None:
    hostile = "[Verify your account](https://evil.example/login) <!-- private --> Webb"
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/customers/marcus-webb.md": MARCUS.replace("name: Marcus Webb", f"name: {hostile!r}".replace("'", '"')),
        },
    )
    result = invoke(root, "record", "answer", "marcus-webb", "--role", "accountant", "introduced", "--new-contact", "Nora Brandt")
    assert result.exit_code == 0, result.output
    site = build(root)
    for page in site.rglob("*.html"):
        links = [html.unescape(href) for href in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))]
        assert not [link for link in links if "evil.example" in link], page
    nora = (root / "docs/contacts/nora-brandt.md").read_text(encoding="utf-8")
    assert "evil.example" not in nora and "<!--" not in nora, "nothing of the connector's profile is copied into the new one"
    assert "known_by:\n- customer: marcus-webb\n  how: their accountant\n" in nora


# -- init: every file or none --------------------------------------------------------------------------


def test_init_that_fails_part_way_leaves_the_folder_as_it_was_and_a_second_run_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "team"
    root.mkdir()
    (root / "notes.txt").write_text("ours\n", encoding="utf-8")
    before = tree(tmp_path)
    emoji = CliRunner().invoke(main, ["init", str(root), "--salesperson", "🚀🚀"])
    assert emoji.exit_code == 1
    assert tree(tmp_path) == before
    assert one_line(emoji).startswith("--salesperson: cannot make an id from '🚀🚀'")
    # A failure while the files are moved in takes back what was moved.
    real_rename = os.rename
    moved: list[str] = []

    def failing_rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        moved.append(Path(dst).name)
        if len(moved) == 3:
            raise OSError(28, "No space left on device", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    failed = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    monkeypatch.setattr(os, "rename", real_rename)
    assert failed.exit_code == 1 and "No space left on device" in failed.stderr
    assert tree(tmp_path) == before
    again = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    assert again.exit_code == 0, again.output
    assert (root / "docs/salespeople/ada-lovelace.md").is_file() and (root / "notes.txt").read_text(encoding="utf-8") == "ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team"], "no staging folder is left beside it"


def test_init_keeps_a_dangling_readme_link_and_writes_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "team"
    root.mkdir()
    (root / "README.md").symlink_to("../gone/README.md")
    result = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    assert result.exit_code == 0, result.output
    assert "README.md: already there, left as it is" in result.stderr
    assert os.readlink(root / "README.md") == "../gone/README.md"
    assert invoke(root, "check").exit_code == 0


def test_init_into_a_new_folder_is_one_rename_and_a_missing_parent_is_made(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b" / "team"
    result = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    assert result.exit_code == 0, result.output
    assert (root / "mkdocs.yml").is_file() and sorted(p.name for p in root.parent.iterdir()) == ["team"]
    gone = tmp_path / "c" / "d" / "team"
    failed = CliRunner().invoke(main, ["init", str(gone), "--salesperson", "Team"])
    assert failed.exit_code == 1
    assert not (tmp_path / "c").exists()
    assert one_line(failed) == "--salesperson: the id 'team' would take the sales manager's team site (site/team/): give the full name; nothing was written"
