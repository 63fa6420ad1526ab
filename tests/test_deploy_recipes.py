"""The deploy recipes of manual/docs/hosting.md: each config file in deploy/ is valid, and its commands really build the site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
HOSTING = REPO / "manual/docs/hosting.md"


def test_the_gitlab_recipe_publishes_every_playbook_and_the_team_site_from_the_default_branch(tmp_path: Path) -> None:
    pipeline = yaml.safe_load((DEPLOY / "gitlab/.gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["stages"] == ["check", "deploy"]
    pages = pipeline["pages"]  # GitLab publishes the artifacts of the job named pages, from public/
    assert pages["artifacts"]["paths"] == ["public"]
    # The schedule that records from issues (record.gitlab-ci.yml) runs its own job only.
    assert pages["rules"] == [{"if": '$PLAYBOOK_RECORD == "true"', "when": "never"}, {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pipeline["check"]["rules"][0] == {"if": '$PLAYBOOK_RECORD == "true"', "when": "never"}
    assert pages["needs"] == ["check"] and pipeline["check"]["stage"] == "check"
    # Run the job's own script (without its pip install) on a copy of the example playbook.
    root = tmp_path / "repo"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    script = "\n".join(line for line in pipeline["check"]["script"] + pages["script"] if "pip install" not in line)
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    # The example is not encrypted: without the team's choice nothing is published, and the job says why.
    refused = subprocess.run(["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert refused.returncode == 1
    assert "public/ is not encrypted, so nothing is published" in refused.stdout
    run = subprocess.run(
        ["bash", "-e", "-c", script], cwd=root, env={**env, "PLAYBOOK_PUBLISH_UNENCRYPTED": "true"}, capture_output=True, text=True, check=False, timeout=600
    )
    assert run.returncode == 0, run.stderr
    assert "WARNING: public/ is NOT encrypted; it is published in plain text because PLAYBOOK_PUBLISH_UNENCRYPTED is true" in run.stdout
    assert sorted(p.name for p in (root / "public").iterdir()) == ["maya-okafor", "robots.txt", "team", "tom-becker"]
    assert (root / "public/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert (root / "public/team/conflicts/index.html").is_file()


def test_the_cloudflare_recipe_is_valid_and_sends_noindex_with_every_file() -> None:
    config = tomllib.loads((DEPLOY / "cloudflare/wrangler.toml").read_text(encoding="utf-8"))
    assert config["pages_build_output_dir"] == "site" and config["name"]
    headers = (DEPLOY / "cloudflare/_headers").read_text(encoding="utf-8").splitlines()
    assert headers[1] == "/*" and "  X-Robots-Tag: noindex, nofollow" in headers and "  Cache-Control: private, no-store" in headers
    workflow = yaml.safe_load((DEPLOY / "cloudflare/cloudflare-pages.yml").read_text(encoding="utf-8"))
    # One build per site, each with its own passphrase; the deploy gathers them.
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"] == {"site": "${{ fromJSON(needs.check.outputs.salespeople) }}", "include": [{"site": "team"}]}
    one = next(s for s in build["steps"] if s.get("name") == "Build one site")
    assert (
        'playbook-gen build --salesperson "$SITE" --site-dir site --strict' in one["run"] and "playbook-gen build --team --site-dir site --strict" in one["run"]
    )
    steps = workflow["jobs"]["deploy"]["steps"]
    assert "cp deploy/cloudflare/_headers site/_headers" in next(s for s in steps if s.get("name") == "Headers and robots.txt")["run"]
    assert re.search(r"npx --yes wrangler@\d+\.\d+\.\d+ pages deploy", steps[-1]["run"]), "wrangler is pinned to one release"


def test_the_cloudflare_workflow_passes_actionlint() -> None:
    found = shutil.which("actionlint")
    assert found is not None, "actionlint is not on PATH: pip install -e '.[test]'"
    run = subprocess.run([found, "-no-color", str(DEPLOY / "cloudflare/cloudflare-pages.yml")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize(
    "needed",
    [
        "deploy/gitlab/.gitlab-ci.yml",
        "Only Project Members",
        "deploy/cloudflare/wrangler.toml",
        "deploy/cloudflare/_headers",
        "Cloudflare Access",
        "PLAYBOOK_PAGES",
        "verify-encrypted",
        "PLAYBOOK_DEPLOY_KNOWN_HOSTS",
        "Does not protect against",
    ],
)
def test_hosting_explains_each_recipe(needed: str) -> None:
    assert needed in HOSTING.read_text(encoding="utf-8")
