"""Every workflow, this repository's and the copies `init` writes (SPEC §11, §12): no plaintext published unless chosen,
one passphrase per build step, no credentials kept, least permissions, and zizmor (offline) finds nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from playbook_gen.init import init_repository
from playbook_gen.install import pin_for

from conftest import REPO

RELEASE = REPO / ".github/workflows/release.yml"
PLAYBOOKS = REPO / ".github/workflows/playbooks.yml"
RECORD = REPO / ".github/workflows/record.yml"
CLOUDFLARE = REPO / "deploy/cloudflare/cloudflare-pages.yml"
RECORDS = {
    "index": None,
    "git": '{"url": "https://git.example.com/sales/playbook-gen.git", "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"}}',
    "local": '{"url": "file:///home/maya/playbook-gen", "dir_info": {"editable": true}}',
}


@pytest.fixture(scope="module")
def init_workflows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workflows `init` writes for each kind of install: a release, a Git URL, a local folder.

    Keyed by the kind for the playbooks' workflow (``index``), and ``record-<kind>`` for the one that records from an issue.
    """
    written = {}
    for source, record in RECORDS.items():
        root = tmp_path_factory.mktemp(f"init-{source}") / "team"
        init_repository(root, salesperson="Ada Lovelace", pin=pin_for("0.1.0", record))
        written[source] = root / ".github/workflows/playbooks.yml"
        written[f"record-{source}"] = root / ".github/workflows/record.yml"
    return written


def every_workflow(init_workflows: dict[str, Path]) -> list[Path]:
    return [*sorted((REPO / ".github/workflows").glob("*.yml")), CLOUDFLARE, *init_workflows.values()]


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tool(name: str) -> str | None:
    """A command of this interpreter's environment first (the one the tests run), else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


ZIZMOR_PYTHON = pytest.mark.skipif(sys.version_info < (3, 11), reason="zizmor, in the test extra, has wheels for Python 3.11 and newer only")


def zizmor(*paths: Path) -> list[dict[str, Any]]:
    found = tool("zizmor")
    assert found is not None, "zizmor is not on PATH: pip install -e '.[test]'"
    run = subprocess.run(
        [found, "--offline", "--no-progress", "--format", "json", "--min-severity", "medium", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode in (0, 11, 12, 13, 14), run.stderr  # 0: nothing found; 1x: findings, by their highest severity
    return json.loads(run.stdout or "[]")


@ZIZMOR_PYTHON
def test_zizmor_finds_nothing_of_medium_severity_or_above_in_any_workflow(init_workflows: dict[str, Path]) -> None:
    paths = every_workflow(init_workflows)
    assert len(paths) == 10
    findings = zizmor(*paths)
    assert [f"{f['ident']}: {f['locations'][0]['symbolic']['key']}" for f in findings] == []


@ZIZMOR_PYTHON
def test_zizmor_really_reads_them(tmp_path: Path) -> None:
    """A checkout that keeps its credentials and a step given every secret are findings: the linter is not asleep."""
    broken = tmp_path / ".github/workflows/playbooks.yml"
    broken.parent.mkdir(parents=True)
    text = PLAYBOOKS.read_text(encoding="utf-8").replace("          persist-credentials: false\n", "", 1)
    broken.write_text(text.replace("${{ secrets.PLAYBOOK_PASSPHRASE }}", "${{ toJSON(secrets) }}", 1), encoding="utf-8")
    assert sorted({f["ident"] for f in zizmor(broken)}) == ["artipacked", "overprovisioned-secrets"]


def steps_of(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every step of every job (a job that calls another workflow has none)."""
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def test_every_checkout_keeps_no_credentials_and_every_job_asks_only_for_what_it_needs(init_workflows: dict[str, Path]) -> None:
    for path in every_workflow(init_workflows):
        workflow = load(path)
        assert workflow["permissions"] == {}, path
        for job, step in steps_of(workflow):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{path}: {job}"
        for name, job in workflow["jobs"].items():
            wanted = job["permissions"]
            writes = {scope for scope, level in wanted.items() if level == "write"}
            # Only the jobs that deploy to GitHub Pages or publish a release sign with an OIDC token; recording from an
            # issue writes the repository in one job (apply), the issue in another (answer), and calls the playbooks' workflow.
            expected = {
                "pages": {"pages", "id-token"},
                "publish": {"id-token", "attestations"},
                "apply": {"contents"},
                "answer": {"issues"},
                "rebuild": {"pages", "id-token"},
            }.get(name, set())
            assert writes == expected, f"{path}: {name} asks for {wanted}"
            assert set(wanted.values()) <= {"read", "write"}
            assert wanted.get("contents", "read") == "read" or (path.name, name) == ("record.yml", "apply"), f"{path}: {name} writes the repository"


def secrets_named(value: Any) -> set[str]:
    return set(re.findall(r"secrets\.(\w+)", json.dumps(value)))


def test_no_step_receives_every_secret_and_each_build_only_its_own_passphrase(init_workflows: dict[str, Path]) -> None:
    for path in every_workflow(init_workflows):
        text = path.read_text(encoding="utf-8")
        assert "toJSON(secrets)" not in text and "secrets[" not in text, path
        workflow = load(path)
        assert secrets_named(workflow.get("env", {})) == set(), f"{path}: a workflow-wide secret reaches every step"
        for job in workflow["jobs"].values():
            assert secrets_named(job.get("env", {})) == set(), f"{path}: a job-wide secret reaches every step"
    for path in (PLAYBOOKS, init_workflows["index"], init_workflows["local"]):
        workflow = load(path)
        given = {(job, str(step.get("name"))): secrets_named(step) for job, step in steps_of(workflow) if secrets_named(step)}
        assert given == {
            ("build", "Build the playbook"): {"PLAYBOOK_PASSPHRASE"},
            ("build", "Deploy the playbook"): {"PLAYBOOK_DEPLOY_KEY", "PLAYBOOK_DEPLOY_KNOWN_HOSTS"},
            ("team", "Build the team site"): {"PLAYBOOK_PASSPHRASE"},
            ("team", "Deploy the team site"): {"PLAYBOOK_DEPLOY_KEY", "PLAYBOOK_DEPLOY_KNOWN_HOSTS"},
        }
        # The passphrase secret is read inside the site's own environment: playbook-<id> (else the repository's shared one).
        assert workflow["jobs"]["build"]["environment"] == "playbook-${{ matrix.salesperson }}"
        assert workflow["jobs"]["team"]["environment"] == "playbook-team"
    cloudflare = load(CLOUDFLARE)
    given = {(job, str(step.get("name"))): secrets_named(step) for job, step in steps_of(cloudflare) if secrets_named(step)}
    assert given == {("build", "Build one site"): {"PLAYBOOK_PASSPHRASE"}, ("deploy", "Deploy"): {"CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"}}
    assert cloudflare["jobs"]["build"]["environment"] == "playbook-${{ matrix.site }}"


def publish_step(workflow: dict[str, Any], job: str) -> dict[str, Any]:
    return next(step for step in workflow["jobs"][job]["steps"] if step.get("id") == "publish")


def run_gate(script: str, *, tmp_path: Path, encrypted: bool, opted_in: str) -> tuple[str, str]:
    """The gate step's own script, with a stand-in playbook-gen that finds the site encrypted or not: (log, outputs)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "playbook-gen"
    fake.write_text(f"#!/bin/sh\necho 'site/: a verdict' >&2\nexit {0 if encrypted else 1}\n", encoding="utf-8")
    fake.chmod(0o755)
    outputs = tmp_path / "outputs"
    outputs.write_text("", encoding="utf-8")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "GITHUB_OUTPUT": str(outputs), "PUBLISH_UNENCRYPTED": opted_in}
    run = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "verify.log").exists()
    return run.stdout, outputs.read_text(encoding="utf-8")


@pytest.mark.parametrize("job", ["build", "team"])
def test_only_an_encrypted_site_is_uploaded_or_deployed_unless_the_team_opts_in_and_the_log_says_which(
    init_workflows: dict[str, Path], tmp_path: Path, job: str
) -> None:
    for path in (PLAYBOOKS, init_workflows["index"]):
        workflow = load(path)
        gate = publish_step(workflow, job)
        assert gate["env"] == {"PUBLISH_UNENCRYPTED": "${{ vars.PLAYBOOK_PUBLISH_UNENCRYPTED }}"}
        names = [str(step.get("name") or step.get("uses")) for step in workflow["jobs"][job]["steps"]]
        build = next(i for i, n in enumerate(names) if n.startswith("Build the"))
        assert names.index(gate["name"]) == build + 1  # nothing runs between the build and its check
        later = workflow["jobs"][job]["steps"][build + 2 :]
        assert later and all(step["if"].startswith("steps.publish.outputs.publish == 'true'") for step in later), path
        for encrypted, opted_in, publish, said in (
            (True, "", "true", "site/ is encrypted (playbook-gen verify-encrypted): it is uploaded"),
            (True, "true", "true", "site/ is encrypted"),
            (False, "", "false", "::notice::site/ is not encrypted, so nothing is uploaded or deployed"),
            (False, "yes", "false", "::notice::site/ is not encrypted, so nothing is uploaded or deployed"),
            (
                False,
                "true",
                "true",
                "::warning::site/ is NOT encrypted; it is uploaded in plain text because the repository variable PLAYBOOK_PUBLISH_UNENCRYPTED is true",
            ),
        ):
            log, outputs = run_gate(gate["run"], tmp_path=tmp_path, encrypted=encrypted, opted_in=opted_in)
            assert outputs == f"publish={publish}\n"
            assert said in log


def test_the_gate_reads_the_real_verdict_of_verify_encrypted(tmp_path: Path) -> None:
    """With the real playbook-gen, an unencrypted build of the example is kept on the runner."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    playbook_gen = tool("playbook-gen")
    assert playbook_gen is not None
    built = subprocess.run(
        [playbook_gen, "build", "--salesperson", "tom-becker", "--site-dir", "site"], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    outputs = root / "outputs"
    gate = publish_step(load(PLAYBOOKS), "build")["run"]
    env |= {"GITHUB_OUTPUT": str(outputs), "PUBLISH_UNENCRYPTED": "", "PATH": f"{Path(playbook_gen).parent}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-e", "-c", gate], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert outputs.read_text(encoding="utf-8") == "publish=false\n"
    assert "are not encrypted" in run.stdout and "nothing is uploaded or deployed" in run.stdout


def test_the_recipes_refuse_plain_text_unless_the_team_opts_in() -> None:
    cloudflare = load(CLOUDFLARE)
    gate = next(step for step in cloudflare["jobs"]["build"]["steps"] if step.get("name") == "Refuse plain text unless chosen")
    assert gate["env"] == {"PUBLISH_UNENCRYPTED": "${{ vars.PLAYBOOK_PUBLISH_UNENCRYPTED }}"} and "exit 1" in gate["run"]
    assert cloudflare["jobs"]["deploy"]["needs"] == "build"
    gitlab = yaml.safe_load((REPO / "deploy/gitlab/.gitlab-ci.yml").read_text(encoding="utf-8"))
    script = "\n".join(gitlab["pages"]["script"])
    assert script.index("playbook-gen build --all") < script.index("playbook-gen verify-encrypted public") < script.index("PLAYBOOK_PUBLISH_UNENCRYPTED")


def test_the_release_builds_tests_the_sdist_checks_and_publishes_with_trusted_publishing_on_a_version_tag() -> None:
    release = load(RELEASE)
    assert release[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key `on` as true
    jobs = release["jobs"]
    assert jobs["test"]["needs"] == "build" and jobs["publish"]["needs"] == ["build", "test"]
    build_runs = "\n".join(str(step.get("run", "")) for step in jobs["build"]["steps"])
    assert "python -m build" in build_runs and "python -m twine check --strict dist/*" in build_runs
    test_runs = "\n".join(str(step.get("run", "")) for step in jobs["test"]["steps"])
    assert "tar -xzf dist/*.tar.gz" in test_runs and "python -m pytest" in test_runs and 'pip install ".[test]"' in test_runs
    uses = [str(step.get("uses", "")) for step in jobs["publish"]["steps"]]
    assert [u.split("@")[0] for u in uses] == ["actions/download-artifact", "actions/attest-build-provenance", "pypa/gh-action-pypi-publish"]
    publish = jobs["publish"]["steps"][-1]
    assert "password" not in publish.get("with", {}) and secrets_named(release) == set()  # trusted publishing: no token
    assert jobs["publish"]["environment"]["name"] == "pypi"
    assert [name for name, job in jobs.items() if "id-token" in job["permissions"]] == ["publish"]
