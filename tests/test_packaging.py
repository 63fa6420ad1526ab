"""The package as an index serves it: the sdist carries what its tests need, the wheel what a user runs.

``python -m build`` makes the sdist, then the wheel from that sdist (as pip does
with an sdist), in isolated build environments from the package index.
"""

from __future__ import annotations

import email
import email.message
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

# Tests that read the example playbook, the manual, the workflow, the deploy recipes and the benchmark harness.
FROM_THE_SDIST = ["tests/test_golden.py", "tests/test_cli_workflow.py", "tests/test_deploy_recipes.py", "tests/test_manual.py", "tests/test_benchmark_harness.py", "tests/test_init.py"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "playbook-gen"
    # A copy without earlier build output: what a clean clone holds.
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", "site", "dist", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".nox", "results"))
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def sdist_of(dist: Path) -> Path:
    (sdist,) = dist.glob("playbook_gen-*.tar.gz")
    return sdist


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("playbook_gen-*-py3-none-any.whl")
    return wheel


def metadata_of(wheel: zipfile.ZipFile) -> email.message.Message:
    return email.message_from_bytes(wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))))


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout (run from an sdist): nothing to compare the sdist with")
    return listed.stdout.splitlines()


def test_the_sdist_holds_every_file_of_the_repository_its_tests_read(dist: Path) -> None:
    with tarfile.open(sdist_of(dist)) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = [
        path
        for path in tracked_files()
        if path.split("/")[0] in {"playbook_gen", "templates", "tests", "docs", "manual", "deploy", "benchmarks", "scripts", ".github"}
        or path in {"mkdocs.yml", "README.md", "LICENSE", "pyproject.toml", "noxfile.py"}
    ]
    assert len(needed) > 300
    assert [path for path in needed if path not in names] == []
    assert not [name for name in names if name.startswith(("benchmarks/results/", "manual/site/")) or "__pycache__" in name]


def test_the_sdists_own_tests_pass_from_the_sdist(dist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist_of(dist)) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.glob("playbook_gen-*")
    # The unpacked sources come first on the path: its tests run its own playbook_gen, not this checkout's.
    env = {**os.environ, "PYTHONPATH": str(unpacked), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *FROM_THE_SDIST],
        cwd=unpacked, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", run.stdout) and " failed" not in run.stdout and " error" not in run.stdout, run.stdout[-2000:]
    probe = subprocess.run([sys.executable, "-c", "import playbook_gen; print(playbook_gen.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(unpacked)), "the tests ran the sdist's own code"


def test_the_wheel_carries_the_templates_the_workflow_and_the_typing_marker(dist: Path) -> None:
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        names = set(wheel.namelist())
        metadata = metadata_of(wheel)
        entry_points = wheel.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    for needed in ("playbook_gen/py.typed", "playbook_gen/templates/home.md.j2", "playbook_gen/workflow/playbooks.yml", "playbook_gen/workflow/dependabot.yml", "playbook_gen/unlock/unlock.js"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "docs/", "benchmarks/"))], "the wheel holds the package only"
    assert "playbook = playbook_gen.plugin:PlaybookPlugin" in entry_points
    assert "playbook-gen = playbook_gen.cli:main" in entry_points
    assert metadata["License-Expression"] == "MIT" and any(n.endswith("licenses/LICENSE") for n in names)
    assert "Programming Language :: Python :: 3.10" in metadata.get_all("Classifier")
    requires = metadata.get_all("Requires-Dist")
    assert "mkdocs<2,>=1.6" in [r.replace(" ", "") for r in requires] or any(re.fullmatch(r"mkdocs(>=1\.6[.\d]*,<2|<2,>=1\.6[.\d]*)", r.replace(" ", "")) for r in requires), requires


def test_the_package_index_page_has_no_link_or_image_that_needs_the_repository(dist: Path) -> None:
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        metadata = metadata_of(wheel)
    description = metadata.get_payload()
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert description.startswith("# playbook-gen")
    relative = re.findall(r"\]\((?!https?://|#)[^)]*\)", description)
    assert relative == [], "a relative link or image is broken on the index page"
    assert "![" not in description
    assert "Editing your profiles (`docs/method/editing-profiles.md`)" in description, "a relative link names its file instead"
    assert "`docs/images/`" in description
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](docs/method/editing-profiles.md)" in readme and "![" in readme, "the repository's README keeps its links and screenshots"


def test_the_browser_tests_skip_without_playwright(tmp_path: Path) -> None:
    """``pytest -m "not browser"`` on an install without the test extra's Playwright: skips, not collection errors."""
    blocker = tmp_path / "without_playwright.py"
    blocker.write_text(
        "import sys\n"
        "for name in ('playwright', 'playwright.sync_api', 'axe_playwright_python', 'axe_playwright_python.sync_playwright'):\n"
        "    sys.modules[name] = None  # import fails as if not installed\n"
        "import pytest\n"
        "sys.exit(pytest.main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(blocker), "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-rs", "-m", "not browser", "tests/browser", "tests/test_schema.py"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    modules = len(list((REPO / "tests/browser").glob("test_*.py")))
    assert f"{modules} skipped" in run.stdout, run.stdout
    assert "the browser tests need Playwright" in run.stdout
    assert "error" not in run.stdout.lower()
    assert re.search(r"\b\d+ passed\b", run.stdout), "the other tests still run"
