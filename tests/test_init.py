"""``playbook-gen init``: a new team's repository that builds at once, and never overwrites."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook_gen import __version__
from playbook_gen.cli import main
from playbook_gen.init import init_repository
from playbook_gen.install import PLACEHOLDER, Pin, installed_pin, pin_for


def test_init_writes_a_repository_that_checks_builds_and_takes_new_profiles(tmp_path: Path) -> None:
    root = tmp_path / "northwind"
    result = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Zoë Test", "--company", "Northwind"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for relative in ("mkdocs.yml", "docs/index.md", "docs/salespeople/zoe-test.md", ".gitignore", "README.md", ".github/workflows/playbooks.yml"):
        assert (root / relative).is_file(), relative
    for folder in ("customers", "contacts", "questions"):
        assert (root / "docs" / folder).is_dir()
    assert "site/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert 'company: "Northwind"' in (root / "docs/salespeople/zoe-test.md").read_text(encoding="utf-8")
    assert 'site_name: "Northwind referral playbooks"' in (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = ["--config", str(root / "mkdocs.yml")]
    assert CliRunner().invoke(main, [*config, "check"]).exit_code == 0
    new = CliRunner().invoke(main, [*config, "new", "customer", "Greta Hansen"])
    assert new.exit_code == 0, new.output
    built = CliRunner().invoke(main, [*config, "build", "--site-dir", str(root / "site")], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    home = (root / "site/zoe-test/index.html").read_text(encoding="utf-8")
    assert "<title>Your referral playbook" in home
    assert (root / "site/zoe-test/customers/greta-hansen/index.html").is_file()


def test_a_playbook_made_by_init_fits_every_salesperson_and_shows_the_method_pages(tmp_path: Path) -> None:
    root = tmp_path / "team"
    assert CliRunner().invoke(main, ["init", str(root), "--salesperson", "Maya Okafor", "--company", "Northwind"]).exit_code == 0
    config = ["--config", str(root / "mkdocs.yml")]
    assert CliRunner().invoke(main, [*config, "new", "salesperson", "Tom Becker"]).exit_code == 0
    built = CliRunner().invoke(main, [*config, "build", "--all", "--site-dir", str(root / "site")], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    for me, colleague in (("maya-okafor", "Tom Becker"), ("tom-becker", "Maya Okafor")):
        home = (root / f"site/{me}/index.html").read_text(encoding="utf-8")
        assert "<title>Your referral playbook" in home and colleague not in home
        for page, title in (
            ("method/", "The referral method"),
            ("method/first-conversation/", "The first conversation"),
            ("method/a-week-with-the-playbook/", "A week with the playbook"),
            ("method/editing-profiles/", "Editing your profiles"),
        ):
            assert f'<a href="{page}" class="md-nav__link' in home, (me, page)  # in the navigation
            assert title in (root / f"site/{me}" / page / "index.html").read_text(encoding="utf-8"), (me, page)


def test_the_workflow_a_team_gets_installs_what_ran_init_and_passes_actionlint(tmp_path: Path) -> None:
    root = tmp_path / "team"
    result = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    assert result.exit_code == 0
    workflow = root / ".github/workflows/playbooks.yml"
    pin = installed_pin()
    assert pin.note in result.stderr.splitlines()
    if pin.requirement is None:  # this checkout, installed from its folder: CI cannot reach it
        assert '  PLAYBOOK_GEN: ""\n' in workflow.read_text(encoding="utf-8")
    else:
        assert f"  PLAYBOOK_GEN: {json.dumps(pin.requirement)}\n" in workflow.read_text(encoding="utf-8")
    linter = shutil.which("actionlint")
    assert linter is not None
    lint = subprocess.run([linter, "-no-color", str(workflow)], capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout
    dependabot = yaml.safe_load((root / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert [u["package-ecosystem"] for u in dependabot["updates"]] == ["github-actions"], "the team's copy keeps its pinned actions current"


def test_init_refuses_a_folder_that_holds_a_playbook_and_keeps_files_it_finds(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# Our repository\n", encoding="utf-8")
    first = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"])
    assert first.exit_code == 0, first.output
    assert (root / "README.md").read_text(encoding="utf-8") == "# Our repository\n"
    assert "README.md: already there, left as it is" in first.stderr
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    again = CliRunner().invoke(main, ["init", str(root), "--salesperson", "Someone Else"])
    assert again.exit_code == 1
    assert again.stderr.strip().endswith("/mkdocs.yml: already exists: this folder holds a playbook; nothing was written")
    assert len(again.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_the_profile_examples_of_editing_profiles_validate() -> None:
    """The page Editing your profiles shows a salesperson, a customer and a contact: each passes the models that validate."""
    import re

    import yaml

    from playbook_gen.model import Contact, Customer, Salesperson

    page = (Path(__file__).resolve().parent.parent / "playbook_gen/method_pages/method/editing-profiles.md").read_text(encoding="utf-8")
    sections = {"## You: the salesperson": Salesperson, "## A customer": Customer, "## A contact": Contact}
    for heading, model in sections.items():
        block = re.search(re.escape(heading) + r".*?```yaml\n---\n(.*?)\n---\n", page, re.S)
        assert block is not None, heading
        model.model_validate(yaml.safe_load(block.group(1)))


# -- the pin: CI installs exactly the playbook-gen that ran init (SPEC §6) ----------------------------
# tests/test_packaging.py makes the real installs (a wheel from an index, a Git URL, a folder, a
# wheel file, an editable install) and reads each one's direct_url.json; these read the records.

GIT_RECORD = '{"url": "https://git.example.com/sales/playbook-gen.git", "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567", "requested_revision": "main"}}'


@pytest.mark.parametrize(
    ("record", "requirement", "source"),
    [
        (None, f"playbook-gen=={__version__}", "index"),
        (GIT_RECORD, "playbook-gen @ git+https://git.example.com/sales/playbook-gen.git@0123456789abcdef0123456789abcdef01234567", "vcs"),
        (
            '{"url": "https://files.example.com/playbook_gen-0.1.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "ab12"}}}',
            "playbook-gen @ https://files.example.com/playbook_gen-0.1.0-py3-none-any.whl#sha256=ab12",
            "url",
        ),
        ('{"url": "file:///home/maya/playbook-gen", "dir_info": {"editable": true}}', None, "local"),
        ('{"url": "file:///home/maya/playbook-gen", "dir_info": {}}', None, "local"),
        ('{"url": "file:///home/maya/dist/playbook_gen-0.1.0-py3-none-any.whl", "archive_info": {}}', None, "local"),
        ('{"url": "file:///home/maya/playbook-gen", "vcs_info": {"vcs": "git", "commit_id": "0123"}}', None, "local"),
        ("not json", None, "local"),
    ],
)
def test_the_pin_follows_where_playbook_gen_came_from(record: str | None, requirement: str | None, source: str) -> None:
    pin = pin_for(__version__, record)
    assert (pin.requirement, pin.source) == (requirement, source)
    assert "\n" not in pin.note
    if requirement is None:
        assert "which CI cannot reach: set PLAYBOOK_GEN in .github/workflows/playbooks.yml" in pin.note


@pytest.mark.parametrize("record", [None, GIT_RECORD, '{"url": "file:///home/maya/playbook-gen", "dir_info": {}}'])
def test_the_written_workflow_installs_the_pin_or_stops_with_one_line_until_set(tmp_path: Path, record: str | None) -> None:
    pin = pin_for(__version__, record)
    started = init_repository(tmp_path / "team", salesperson="Ada Lovelace", pin=pin)
    assert started.pin == pin
    text = (tmp_path / "team/.github/workflows/playbooks.yml").read_text(encoding="utf-8")
    readme = (tmp_path / "team/README.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    install = next(step for step in workflow["jobs"]["check"]["steps"] if step.get("name") == "Install playbook-gen")
    if pin.requirement is not None:
        assert workflow["env"]["PLAYBOOK_GEN"] == pin.requirement and PLACEHOLDER not in text
        assert f"python3 -m pip install {shlex.quote(pin.requirement)}" in readme
        return
    assert workflow["env"]["PLAYBOOK_GEN"] == ""
    assert f'  # PLAYBOOK_GEN: "{PLACEHOLDER}"\n' in text and "which CI cannot reach: set PLAYBOOK_GEN." in text
    # The step itself, as the runner would run it in the team's repository (no pyproject.toml there).
    env = {"PATH": os.environ["PATH"], "PLAYBOOK_GEN": workflow["env"]["PLAYBOOK_GEN"]}
    run = subprocess.run(["bash", "-e", "-c", install["run"]], cwd=tmp_path / "team", env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stdout.strip().startswith("::error file=.github/workflows/playbooks.yml::PLAYBOOK_GEN is not set")
    assert "pip install" not in run.stderr


def test_a_pinned_workflow_is_an_unchanged_copy_otherwise() -> None:
    from playbook_gen.init import packaged_file, pinned_workflow

    shipped = packaged_file(".github/workflows/playbooks.yml").read_text(encoding="utf-8").splitlines()
    pinned = pinned_workflow(Pin("playbook-gen==9.9.9", "index", "")).splitlines()
    assert [line for line in shipped if line not in pinned] == [
        '  # PLAYBOOK_GEN: "playbook-gen @ git+https://HOST/OWNER/playbook-gen@COMMIT"',
        '  PLAYBOOK_GEN: ""',
    ]
    assert [line for line in pinned if line not in shipped] == ['  PLAYBOOK_GEN: "playbook-gen==9.9.9"']
