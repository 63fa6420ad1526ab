"""``playbook-gen build``: real MkDocs builds in worker processes, replaced only on success."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playbook_gen.jobs import BuildJob, BuildResult
from playbook_gen.mkdocs_settings import ROBOTS_META
from playbook_gen.playbook import ProfileCache
from playbook_gen.project import config_line
from playbook_gen.staging import replace_dir

from conftest import MKDOCS_YML as TEAM_MKDOCS_YML
from conftest import TOM, invoke

REPO = Path(__file__).resolve().parent.parent
PRIYA = """\
---
name: Priya Raman
owner: maya-okafor
relationship: 4
knows:
  - contact: dana-ruiz
    strength: 4
---
"""
DANA = """\
---
name: Dana Ruiz
owner: maya-okafor
why: Dana is handing the business over.
---
"""
LUIS = """\
---
name: Luis Ferreira
owner: tom-becker
knows:
  - contact: ben-adler
---
"""
BEN = """\
---
name: Ben Adler
owner: tom-becker
why: Ben runs a dental practice.
---
"""


def snapshot(folder: Path, *, skip: Path | None = None) -> dict[str, bytes]:
    """Every file under ``folder`` (except under ``skip``) with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (skip is None or skip not in path.parents)
    }


@pytest.fixture
def team(playbook_repo) -> Path:
    return playbook_repo(
        {
            "docs/salespeople/tom-becker.md": TOM,
            "docs/customers/priya-raman.md": PRIYA,
            "docs/contacts/dana-ruiz.md": DANA,
            "docs/customers/luis-ferreira.md": LUIS,
            "docs/contacts/ben-adler.md": BEN,
        },
        mkdocs_yml=TEAM_MKDOCS_YML,
    )


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of this repository's example playbook: two salespeople, eight customers, twelve contacts."""
    root = tmp_path / "example"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_build_all_in_parallel_is_byte_identical_to_builds_one_at_a_time(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-23")
    parallel = invoke(example, "build", "--all", "--jobs", "2", "--site-dir", str(example / "parallel"))
    assert parallel.exit_code == 0, parallel.output
    for salesperson in ("maya-okafor", "tom-becker"):
        one = invoke(example, "build", "--salesperson", salesperson, "--site-dir", str(example / "sequential"))
        assert one.exit_code == 0, one.output
    assert sorted(p.name for p in (example / "parallel").iterdir()) == ["maya-okafor", "tom-becker"]
    built = snapshot(example / "parallel")
    assert len(built) > 40
    assert built == snapshot(example / "sequential")
    assert b"Tom Becker" in built["tom-becker/index.html"] and b"Tom Becker" not in built["maya-okafor/index.html"]


def test_build_all_parses_each_profile_once_for_every_site(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent parses and validates each profile once; every build, in its worker process, takes them from it.

    A count, not a time: each build reports how many profiles it parsed itself.
    """
    from playbook_gen import cli
    from playbook_gen.kinds import KINDS

    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-23")
    seen: dict[str, Any] = {}
    run_builds = cli.run_builds

    def counting(builds: list[BuildJob], *, jobs: int, profiles: ProfileCache | None = None) -> Iterator[BuildResult]:
        seen["profiles"], seen["results"] = profiles, []
        for result in run_builds(builds, jobs=jobs, profiles=profiles):
            seen["results"].append(result)
            yield result

    monkeypatch.setattr(cli, "run_builds", counting)
    result = invoke(example, "build", "--all", "--team", "--jobs", "2", "--site-dir", str(example / "sites"))
    assert result.exit_code == 0, result.output
    files = [path for kind in KINDS for path in (example / "docs" / kind.folder).glob("*.md")]
    assert len(files) > 20
    assert seen["profiles"].parsed == len(files)
    assert [(r.salesperson, r.ok, r.parsed) for r in seen["results"]] == [("maya-okafor", True, 0), ("tom-becker", True, 0), ("team", True, 0)]


def test_build_goes_to_site_dir_of_the_config_under_the_salesperson_id(team: Path) -> None:
    result = invoke(team, "build", "--salesperson", "tom-becker")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("tom-becker: built " + f"{(team / 'site/tom-becker').as_posix()}/\n")
    home = (team / "site/tom-becker/index.html").read_text(encoding="utf-8")
    assert ROBOTS_META in home and "Tom Becker" in home
    assert (team / "site/tom-becker/customers/luis-ferreira/index.html").is_file()
    assert not (team / "site/tom-becker/customers/priya-raman").exists()  # Maya's connector
    assert sorted(p.name for p in (team / "site").iterdir()) == ["tom-becker"]


def test_the_only_salesperson_is_built_without_naming_them(playbook_repo) -> None:
    root = playbook_repo({"docs/contacts/dana-ruiz.md": DANA.replace("owner: maya-okafor\n", "")})
    result = invoke(root, "build", "--site-dir", str(root / "out"))
    assert result.exit_code == 0, result.output
    assert (root / "out/maya-okafor/contacts/dana-ruiz/index.html").is_file()


def test_several_salespeople_need_a_choice(team: Path) -> None:
    result = invoke(team, "build")
    assert result.exit_code == 1
    assert "several salespeople (maya-okafor, tom-becker)" in result.stderr
    assert not (team / "site").exists()


def test_the_flag_beats_the_environment_and_the_environment_is_left_alone(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_SALESPERSON", "tom-becker")
    result = invoke(team, "build", "--salesperson", "maya-okafor")
    assert result.exit_code == 0, result.output
    assert "Maya Okafor" in (team / "site/maya-okafor/index.html").read_text(encoding="utf-8")
    assert os.environ["PLAYBOOK_SALESPERSON"] == "tom-becker"
    from_environment = invoke(team, "build")
    assert from_environment.exit_code == 0, from_environment.output
    assert "Tom Becker" in (team / "site/tom-becker/index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site_untouched(team: Path) -> None:
    assert invoke(team, "build", "--salesperson", "maya-okafor").exit_code == 0
    site = team / "site/maya-okafor"
    before = snapshot(site)
    (team / "docs/customers/priya-raman.md").write_text(PRIYA.replace("relationship: 4", "relationship: 9"), encoding="utf-8")
    result = invoke(team, "build", "--all")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith("docs/customers/priya-raman.md:4: relationship: ") for line in lines), result.stderr
    assert f"maya-okafor: not built; {site.as_posix()}/ is unchanged" in lines
    assert lines[-1] == "1 of 2 playbooks failed: maya-okafor"
    assert snapshot(site) == before
    assert (team / "site/tom-becker/index.html").is_file()  # the other salesperson's build went on
    assert sorted(p.name for p in (team / "site").iterdir()) == ["maya-okafor", "tom-becker"]  # no staging folder left


def test_strict_turns_a_warning_into_a_failure_and_keeps_the_site(team: Path) -> None:
    assert invoke(team, "build", "--salesperson", "maya-okafor", "--strict").exit_code == 0
    site = team / "site/maya-okafor"
    before = snapshot(site)
    (team / "docs/contacts/dana-ruiz.md").write_text(DANA.replace("why:", "priorty: 1\nwhy:"), encoding="utf-8")
    lenient = invoke(team, "build", "--salesperson", "maya-okafor", "--site-dir", str(team / "lenient"))
    assert lenient.exit_code == 0, lenient.output
    assert any(line.startswith("docs/contacts/dana-ruiz.md:4: warning: priorty: ") for line in lenient.stderr.splitlines()), lenient.stderr
    strict = invoke(team, "build", "--salesperson", "maya-okafor", "--strict")
    assert strict.exit_code == 1
    assert "strict mode" in strict.stderr
    assert snapshot(site) == before


def test_a_build_writes_nothing_outside_its_site_directory(team: Path) -> None:
    repository = snapshot(team)
    outside = team.parent / "elsewhere"
    outside.mkdir()
    result = invoke(team, "build", "--all", "--site-dir", str(outside / "sites"))
    assert result.exit_code == 0, result.output
    assert snapshot(team) == repository
    assert sorted(p.name for p in outside.iterdir()) == ["sites"]
    assert sorted(p.name for p in (outside / "sites").iterdir()) == ["maya-okafor", "tom-becker"]


def test_a_site_dir_that_would_replace_the_sources_is_refused(team: Path) -> None:
    repository = snapshot(team)
    inside_docs = invoke(team, "build", "--salesperson", "maya-okafor", "--site-dir", str(team / "docs"))
    assert inside_docs.exit_code == 1
    assert inside_docs.stderr.endswith("docs/maya-okafor: is inside docs_dir; choose a folder outside it\n")
    (team / "docs/salespeople/docs.md").write_text(TOM.replace("Tom Becker", "Doc Sales"), encoding="utf-8")
    over_docs = invoke(team, "build", "--salesperson", "docs", "--site-dir", str(team))
    assert over_docs.exit_code == 1
    assert "would replace" in over_docs.stderr
    (team / "docs/salespeople/docs.md").unlink()
    assert snapshot(team) == repository


def test_a_folder_that_is_not_an_earlier_site_is_not_replaced(team: Path) -> None:
    notes = team / "site/maya-okafor/notes.txt"
    notes.parent.mkdir(parents=True)
    notes.write_text("mine", encoding="utf-8")
    result = invoke(team, "build", "--salesperson", "maya-okafor")
    assert result.exit_code == 1
    assert "is a folder playbook-gen did not make" in result.stderr
    assert notes.read_text(encoding="utf-8") == "mine"


def test_salesperson_and_all_together_is_a_usage_error(team: Path) -> None:
    result = invoke(team, "build", "--all", "--salesperson", "tom-becker")
    assert result.exit_code == 2
    assert "give --salesperson ID or --all, not both" in result.output


def test_a_config_without_the_plugin_is_not_built(playbook_repo) -> None:
    root = playbook_repo(mkdocs_yml="site_name: Test\nplugins:\n  - search\n")
    result = invoke(root, "build")
    assert result.exit_code == 1
    assert result.stderr == f"{(root / 'mkdocs.yml').as_posix()}:2: the 'playbook' plugin is not in 'plugins'; add it to build a playbook\n"
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "plugins",
    [
        "plugins:\n  - search\n  - playbook\n",
        "plugins:\n  - search\n  - playbook:\n      today: 2026-01-05\n",
        "plugins:\n  - playbook:\n",
        "plugins:\n  search: {}\n  playbook:\n    salesperson: maya-okafor\n",
    ],
)
def test_the_chosen_salesperson_reaches_the_plugin_whatever_the_plugins_setting(tmp_path: Path, plugins: str) -> None:
    from conftest import write_tree

    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: Test\ntheme:\n  name: material\n" + plugins,
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
            "docs/salespeople/tom-becker.md": TOM,
        },
    )
    result = invoke(root, "build", "--salesperson", "tom-becker", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "<title>Tom Becker's referral playbook" in (tmp_path / "site" / "tom-becker" / "index.html").read_text(encoding="utf-8")


def test_replace_dir_swaps_folders(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / ".site.new"
    old.mkdir()
    (old / "index.html").write_text("old", encoding="utf-8")
    (old / "stale.html").write_text("stale", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    replace_dir(new, old)
    assert snapshot(tmp_path) == {"site/index.html": b"new"}


def test_a_folder_that_merely_holds_an_index_html_is_not_replaced(team: Path) -> None:
    """Issue 10, break 3: ``DIR/<id>/`` with an index.html of someone else's and a file beside it survives."""
    folder = team / "elsewhere/maya-okafor"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<h1>my own page</h1>", encoding="utf-8")
    (folder / "important.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(team / "elsewhere")
    result = invoke(team, "build", "--salesperson", "maya-okafor", "--site-dir", str(team / "elsewhere"))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith("maya-okafor: is a folder playbook-gen did not make (it holds no marker of an earlier output); choose another folder or empty this one")
    )
    assert snapshot(team / "elsewhere") == before


def test_a_built_site_holds_the_marker_and_the_next_build_replaces_it(team: Path) -> None:
    assert invoke(team, "build", "--salesperson", "maya-okafor").exit_code == 0
    site = team / "site/maya-okafor"
    assert (site / ".playbook-gen-site").read_text(encoding="utf-8").startswith("This folder is a playbook site built by playbook-gen")
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert invoke(team, "build", "--salesperson", "maya-okafor").exit_code == 0
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()


def test_staging_folders_of_a_killed_build_are_removed_by_the_next_build(team: Path) -> None:
    """Issue 10, break 4: a killed build's ``site/.<id>-*.new`` copy is never left to be published."""
    leftovers = [team / "site/.maya-okafor-k1ll3d00.new", team / "site/.maya-okafor-0ldc0py0.old"]
    for leftover in leftovers:
        (leftover / "contacts/dana-ruiz").mkdir(parents=True)
        (leftover / "contacts/dana-ruiz/index.html").write_text("a full copy of the playbook", encoding="utf-8")
    someone_elses = team / "site/.tom-becker-k1ll3d00.new"
    someone_elses.mkdir()
    assert invoke(team, "build", "--salesperson", "maya-okafor").exit_code == 0
    assert not any(leftover.exists() for leftover in leftovers)
    assert someone_elses.is_dir()  # another salesperson's build cleans its own
    assert sorted(p.name for p in (team / "site").iterdir()) == [".tom-becker-k1ll3d00.new", "maya-okafor"]


def test_a_built_site_is_readable_like_any_published_folder(team: Path) -> None:
    """The staging folder comes from mkdtemp (0700); the site that replaces the old one follows the umask."""
    assert invoke(team, "build", "--salesperson", "maya-okafor").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (team / "site/maya-okafor").stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_setting_of_mkdocs_yml_is_found_on_its_line_whatever_its_tags(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: !ENV [SITE_NAME, Playbook]\n"  # 1
        "plugins:\n"  # 2
        "  - search\n"  # 3
        "markdown_extensions:\n"  # 4
        "  - toc:\n"  # 5
        "      permalink: true\n"  # 6
        "  - pymdownx.emoji:\n"  # 7
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"  # 8
        "  - pymdownx.critic\n",  # 9
        encoding="utf-8",
    )
    assert config_line(config, "plugins") == 2
    assert config_line(config, "markdown_extensions", "pymdownx.critic") == 9
    assert config_line(config, "markdown_extensions", "toc") == 5
    assert config_line(config, "markdown_extensions", "admonition") == 4, "not written: the key's own line"
    assert config_line(config, "theme") is None, "not in this file (INHERIT, or MkDocs' default)"
    config.write_text("markdown_extensions:\n  toc: {}\n  pymdownx.critic: {}\n", encoding="utf-8")  # the mapping form
    assert config_line(config, "markdown_extensions", "pymdownx.critic") == 3
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    assert config_line(config, "site_name") is None, "a file MkDocs cannot read either: no line, and no error of its own"
    assert config_line(tmp_path / "missing.yml", "site_name") is None
