"""Nothing is lost: a build writes only its site directory, never touches a profile, and a failed
build leaves the previous site byte for byte; no symbolic link under docs/ is read.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from playbook_gen.playbook import load_playbook

from conftest import MKDOCS_YML, SALESPERSON, build, write_tree

CUSTOMER = "---\nname: Priya Raman\nrole: accountant\nknows:\n  - contact: dana-ruiz\n---\nPrefers calls.\n"
CONTACT = "---\nname: Dana Ruiz\ncompany: Ruiz Logistics\nwhy: Dana is handing over the business.\n---\nMet once.\n"

Snapshot = dict[str, tuple[str, int] | str]


def snapshot(folder: Path, *, skip: tuple[Path, ...] = ()) -> Snapshot:
    """Every file (content hash and modification time), folder and link under ``folder``, but ``skip``."""
    state: Snapshot = {}
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in dirs + files:
            path = here / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                state[key] = f"link -> {os.readlink(path)}"
            elif path.is_file():
                state[key] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            else:
                state[key] = "folder"
    return state


def repository(tmp_path: Path) -> Path:
    """A repository with profiles (one with a BOM and CRLF), pages, a template folder, and files beside it."""
    write_tree(tmp_path / "beside", {"notes.txt": "not part of the playbook\n"})
    return write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS_YML,
            "README.md": "# Team playbook\n",
            "docs/salespeople/maya-okafor.md": SALESPERSON,
            "docs/customers/priya-raman.md": CUSTOMER,
            "docs/contacts/dana-ruiz.md": ("\ufeff" + CONTACT.replace("\n", "\r\n")).encode("utf-8"),
            "docs/method/index.md": "# Method\n\nAsk for one.\n",
            "docs/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "templates/README.txt": "Overrides go here.\n",
        },
    )


def mkdocs_command(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` as a user runs it, from the repository folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=root, env=env, capture_output=True, text=True, check=False)


# -- a build writes only its site directory ----------------------------------------


@pytest.mark.parametrize("site_inside", [True, False], ids=["site-in-repo", "site-elsewhere"])
def test_a_build_writes_and_deletes_only_inside_its_site_directory(tmp_path: Path, site_inside: bool) -> None:
    root = repository(tmp_path)
    site = root / "site" if site_inside else tmp_path / "elsewhere" / "site"
    (site / "stale").mkdir(parents=True)
    (site / "stale/old.html").write_text("from an earlier build", encoding="utf-8")
    before = snapshot(tmp_path, skip=(site,))
    for _ in range(2):  # a first build, then one over an existing site
        result = mkdocs_command(root, "-d", str(site))
        assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path, skip=(site,)) == before
    assert (site / "contacts/dana-ruiz/index.html").is_file()
    assert not (site / "stale").exists(), "MkDocs cleans its own site directory"
    assert (root / "docs/contacts/dana-ruiz.md").read_bytes().startswith("\ufeff---\r\n".encode()), "the profile is as it was written"


# -- a failed build leaves the previous site as it was ------------------------------

BREAKAGES: dict[str, Callable[[Path], None]] = {
    "malformed-yaml": lambda root: (root / "docs/contacts/dana-ruiz.md").write_text('---\nname: "Dana\n---\n', encoding="utf-8"),
    "missing-reference": lambda root: (root / "docs/contacts/dana-ruiz.md").unlink(),
    "not-utf8": lambda root: (root / "docs/customers/priya-raman.md").write_bytes(b"---\nname: Caf\xe9\n---\n"),
    "link-outside": lambda root: (root / "docs/guide.md").symlink_to(root.parent / "beside/notes.txt"),
    "several-salespeople": lambda root: (root / "docs/salespeople/tom-becker.md").write_text("---\nname: Tom\noffer: x\n---\n", encoding="utf-8"),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_failed_mkdocs_build_leaves_the_previous_site_byte_for_byte(tmp_path: Path, breakage: str, caplog: pytest.LogCaptureFixture) -> None:
    root = repository(tmp_path)
    site = build(root)
    before = snapshot(site)
    BREAKAGES[breakage](root)
    with pytest.raises(Abort):
        build(root)
    assert snapshot(site) == before
    assert "Traceback" not in caplog.text


def test_a_failed_mkdocs_command_leaves_the_previous_site(tmp_path: Path) -> None:
    root = repository(tmp_path)
    assert mkdocs_command(root).returncode == 0
    before = snapshot(root / "site")
    BREAKAGES["malformed-yaml"](root)
    result = mkdocs_command(root)
    assert result.returncode == 1
    assert "docs/contacts/dana-ruiz.md:2: name: malformed YAML: the quote that opens this value is never closed; add the closing quote" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == before


@pytest.mark.parametrize("breakage", ["malformed-yaml", "link-outside"])
def test_a_failed_playbook_gen_build_leaves_the_previous_site(tmp_path: Path, breakage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook_gen.cli import main

    root = repository(tmp_path)
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["build", "--site-dir", "site"]).exit_code == 0
    before = snapshot(tmp_path, skip=(root / "docs", root / "mkdocs.yml"))
    BREAKAGES[breakage](root)
    result = CliRunner().invoke(main, ["build", "--site-dir", "site"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert snapshot(tmp_path, skip=(root / "docs", root / "mkdocs.yml")) == before


# -- symbolic links: none under docs/, wherever it points (SPEC §2) ------------------------------------


def link_message(link: str, target: Path | str) -> str:
    return f"{link}: is a symbolic link to '{target}'; playbook-gen neither reads nor writes through a symbolic link: put the file or folder itself here"


@pytest.mark.parametrize(
    "link, target",
    [
        ("docs/customers/greta-hansen.md", "beside/greta-hansen.md"),  # a profile
        ("docs/contacts", "beside/contacts"),  # a whole profile folder
        ("docs/guide.md", "beside/guide.md"),  # a hand-written page
        ("docs/guides", "beside/guides"),  # a folder of pages
        ("docs/img/photo.svg", "beside/photo.svg"),  # any file MkDocs would copy
    ],
)
def test_links_that_leave_the_repository_are_refused(tmp_path: Path, link: str, target: str, caplog: pytest.LogCaptureFixture) -> None:
    root = repository(tmp_path)
    site = build(root)
    before = snapshot(site)
    outside = tmp_path / target
    write_tree(tmp_path, {"beside/greta-hansen.md": "---\nname: Greta\n---\n", "beside/guide.md": "# Guide\n", "beside/photo.svg": "<svg/>"})
    write_tree(tmp_path, {"beside/contacts/dana-ruiz.md": CONTACT, "beside/guides/one.md": "# One\n"})
    if link == "docs/contacts":
        for path in (root / "docs/contacts").iterdir():
            path.unlink()
        (root / "docs/contacts").rmdir()
    (root / link).symlink_to(outside)
    problems = [str(p) for p in load_playbook(root / "docs", root=root).problems]
    assert problems == [link_message(link, outside)]
    with pytest.raises(Abort):
        build(root)
    assert link_message(link, outside) in caplog.text
    assert snapshot(site) == before


def test_dangling_and_looping_links_are_refused(tmp_path: Path) -> None:
    root = repository(tmp_path)
    (root / "docs/gone.md").symlink_to(root / "docs/never-written.md")
    (root / "docs/method/loop").symlink_to(root / "docs")
    problems = sorted(str(p) for p in load_playbook(root / "docs", root=root).problems)
    assert problems == [link_message("docs/gone.md", root / "docs/never-written.md"), link_message("docs/method/loop", root / "docs")]


@pytest.mark.parametrize("how", ["file", "folder", "docs"])
def test_links_that_stay_inside_the_repository_are_refused_too(tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    """A link inside the repository is no safer: a writing command would write through it, and ``forget`` would remove the link, not the person."""
    root = repository(tmp_path)
    write_tree(root, {"shared/team.md": "# Team\n\nWho we are.\n"})
    if how == "file":
        (root / "docs/about.md").symlink_to("../README.md")
        link, target = "docs/about.md", "../README.md"
    elif how == "folder":
        (root / "docs/shared").symlink_to(root / "shared")
        link, target = "docs/shared", str(root / "shared")
    else:
        (root / "docs").rename(root / "pages")
        (root / "docs").symlink_to("pages")
        link, target = "docs", "pages"
    assert [str(p) for p in load_playbook(root / "docs", root=root).problems] == [link_message(link, target)]
    with pytest.raises(Abort):
        build(root)
    assert link_message(link, target) in caplog.text
