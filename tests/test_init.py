"""``playbook-gen init``: a new team's repository that builds at once, and never overwrites."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner

from playbook_gen import __version__
from playbook_gen.cli import main


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
    assert "site_name: \"Northwind referral playbooks\"" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = ["--config", str(root / "mkdocs.yml")]
    assert CliRunner().invoke(main, [*config, "check"]).exit_code == 0
    new = CliRunner().invoke(main, [*config, "new", "customer", "Greta Hansen"])
    assert new.exit_code == 0, new.output
    built = CliRunner().invoke(main, [*config, "build", "--site-dir", str(root / "site")], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    home = (root / "site/zoe-test/index.html").read_text(encoding="utf-8")
    assert "Zoë Test&#39;s referral playbook" in home or "Zoë Test's referral playbook" in home
    assert (root / "site/zoe-test/customers/greta-hansen/index.html").is_file()


def test_the_workflow_a_team_gets_is_pinned_to_this_release_and_passes_actionlint(tmp_path: Path) -> None:
    root = tmp_path / "team"
    assert CliRunner().invoke(main, ["init", str(root), "--salesperson", "Ada Lovelace"]).exit_code == 0
    workflow = root / ".github/workflows/playbooks.yml"
    assert f'  PLAYBOOK_GEN: "playbook-gen=={__version__}"\n' in workflow.read_text(encoding="utf-8")
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
    """docs/method/editing-profiles.md shows a salesperson, a customer and a contact: each passes the models that validate."""
    import re

    import yaml

    from playbook_gen.model import Contact, Customer, Salesperson

    page = (Path(__file__).resolve().parent.parent / "docs/method/editing-profiles.md").read_text(encoding="utf-8")
    sections = {"## You: the salesperson": Salesperson, "## A customer": Customer, "## A contact": Contact}
    for heading, model in sections.items():
        block = re.search(re.escape(heading) + r".*?```yaml\n---\n(.*?)\n---\n", page, re.S)
        assert block is not None, heading
        model.model_validate(yaml.safe_load(block.group(1)))
