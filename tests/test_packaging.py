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
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

# Tests that read the example playbook, the manual, the workflow, the deploy recipes and the benchmark harness.
FROM_THE_SDIST = [
    "tests/test_golden.py",
    "tests/test_cli_workflow.py",
    "tests/test_deploy_recipes.py",
    "tests/test_manual.py",
    "tests/test_init.py",
    "tests/test_workflow_security.py",
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "playbook-gen"
    # A copy without earlier build output: what a clean clone holds.
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", "site", "dist", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".nox", "results"),
    )
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
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", run.stdout) and " failed" not in run.stdout and " error" not in run.stdout, run.stdout[-2000:]
    probe = subprocess.run(
        [sys.executable, "-c", "import playbook_gen; print(playbook_gen.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert probe.stdout.startswith(str(unpacked)), "the tests ran the sdist's own code"


def test_the_wheel_carries_the_templates_the_workflow_and_the_typing_marker(dist: Path) -> None:
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        names = set(wheel.namelist())
        metadata = metadata_of(wheel)
        entry_points = wheel.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    for needed in (
        "playbook_gen/py.typed",
        "playbook_gen/templates/home.md.j2",
        "playbook_gen/workflow/playbooks.yml",
        "playbook_gen/workflow/dependabot.yml",
        "playbook_gen/workflow/record.yml",
        "playbook_gen/workflow/ISSUE_TEMPLATE/record.yml",
        "playbook_gen/unlock/unlock.js",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "docs/", "benchmarks/"))], "the wheel holds the package only"
    assert "playbook = playbook_gen.plugin:PlaybookPlugin" in entry_points
    assert "playbook-gen = playbook_gen.cli:main" in entry_points
    assert metadata["License-Expression"] == "MIT" and any(n.endswith("licenses/LICENSE") for n in names)
    assert "Programming Language :: Python :: 3.10" in metadata.get_all("Classifier")
    requires = metadata.get_all("Requires-Dist")
    assert "mkdocs<2,>=1.6" in [r.replace(" ", "") for r in requires] or any(
        re.fullmatch(r"mkdocs(>=1\.6[.\d]*,<2|<2,>=1\.6[.\d]*)", r.replace(" ", "")) for r in requires
    ), requires


def test_the_package_index_page_has_no_link_or_image_that_needs_the_repository(dist: Path) -> None:
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        metadata = metadata_of(wheel)
    description = metadata.get_payload()
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert description.startswith("# playbook-gen")
    relative = re.findall(r"\]\((?!https?://|#)[^)]*\)", description)
    assert relative == [], "a relative link or image is broken on the index page"
    assert "![" not in description
    assert "Editing your profiles (`playbook_gen/method_pages/method/editing-profiles.md`)" in description, "a relative link names its file instead"
    assert "`docs/images/`" in description
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](playbook_gen/method_pages/method/editing-profiles.md)" in readme and "![" in readme, "the repository's README keeps its links and screenshots"


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
        [
            sys.executable,
            str(blocker),
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-rs",
            "-m",
            "not browser",
            "tests/browser",
            "tests/test_schema.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    modules = len(list((REPO / "tests/browser").glob("test_*.py")))
    assert f"{modules} skipped" in run.stdout, run.stdout
    assert "the browser tests need Playwright" in run.stdout
    assert "error" not in run.stdout.lower()
    assert re.search(r"\b\d+ passed\b", run.stdout), "the other tests still run"


def test_twine_finds_the_sdist_and_the_wheel_fit_for_the_package_index(dist: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("PASSED") == 2, run.stdout


# -- init's pin, read from real installs (SPEC §6) --------------------------------------------------
# Each install is made with pip into a virtual environment of its own, without dependencies (the
# pin is read by playbook_gen.install, which needs none): from a package index (a folder of
# wheels, as pip reads an index), from a Git URL served by `git daemon` on 127.0.0.1, from a
# file:// Git URL, from a folder, editable, and from a wheel file.

PROBE = "from playbook_gen.install import installed_pin; pin = installed_pin(); print(pin.source); print(pin.requirement); print(pin.note)"


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the build backend, so installs from source need no other download."""
    venv = tmp_path_factory.mktemp("probe") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    backend = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "hatchling>=1.24", "hatch-fancy-pypi-readme>=24", "editables"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert backend.returncode == 0, backend.stderr
    return python


@pytest.fixture(scope="module")
def git_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A Git repository of this source tree, one commit: (folder, commit)."""
    source = tmp_path_factory.mktemp("git") / "playbook-gen"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", "site", "dist", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".nox", "results"),
    )
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "playbook-gen"]):
        subprocess.run([*git, *command], cwd=source, check=True, capture_output=True, timeout=120)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, check=True, capture_output=True, text=True).stdout.strip()
    return source, commit


def pin_after(python: Path, *requirement: str, cwd: Path) -> tuple[str, str, str]:
    """Install playbook-gen as given (alone, nothing else), then ask it for its pin: (source, requirement, note)."""
    subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "playbook-gen"], capture_output=True, timeout=300, check=False)
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", *requirement], capture_output=True, text=True, timeout=600, check=False
    )
    assert installed.returncode == 0, installed.stderr
    asked = subprocess.run([str(python), "-c", PROBE], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    assert asked.returncode == 0, asked.stderr
    source, pinned, note = asked.stdout.splitlines()
    return source, pinned, note


def test_a_release_from_an_index_is_pinned_by_version(dist: Path, probe: Path, tmp_path: Path) -> None:
    version = wheel_of(dist).name.split("-")[1]
    assert pin_after(probe, "--no-index", "--find-links", str(dist), "playbook-gen", cwd=tmp_path)[:2] == ("index", f"playbook-gen=={version}")


def test_a_wheel_file_a_folder_and_an_editable_install_are_out_of_cis_reach(dist: Path, probe: Path, git_source: tuple[Path, str], tmp_path: Path) -> None:
    source, _ = git_source
    for requirement in ([str(wheel_of(dist))], [str(source)], ["-e", str(source)]):
        found, pinned, note = pin_after(probe, *requirement, cwd=tmp_path)
        assert (found, pinned) == ("local", "None"), requirement
        assert "which CI cannot reach: set PLAYBOOK_GEN in .github/workflows/playbooks.yml" in note


def test_a_git_url_is_pinned_by_its_commit_and_a_file_url_is_out_of_cis_reach(probe: Path, git_source: tuple[Path, str], tmp_path: Path) -> None:
    source, commit = git_source
    assert pin_after(probe, f"git+file://{source}", cwd=tmp_path)[:2] == ("local", "None")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    daemon = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={source.parent}", "--listen=127.0.0.1", f"--port={port}", str(source.parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):  # until it listens
            with socket.socket() as attempt:
                if attempt.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        url = f"git://127.0.0.1:{port}/{source.name}"
        found, pinned, _ = pin_after(probe, f"git+{url}", cwd=tmp_path)
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
    assert (found, pinned) == ("vcs", f"playbook-gen @ git+{url}@{commit}")
