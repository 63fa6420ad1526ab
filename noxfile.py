"""The test suite against the newest and the lowest versions that pyproject.toml allows.

    python3 -m pip install nox uv
    nox                      # `tests`: the newest versions, on every Python from 3.10 to 3.13 found
    nox -s lowest            # the lowest version of every direct dependency, on Python 3.10 and 3.13
    nox -s tests-3.13 -- -m "not browser"   # pytest arguments after `--`

Both sessions install with uv; the Debian packages the browser tests need come
from scripts/system-packages.sh, as in scripts/test.sh (the README's test command).
Interpreters are the ``python3.X`` on PATH, or pyenv's installations (``pyenv
install 3.10``); uv never downloads one. A Python not found is skipped with a
line saying so; ``nox --error-on-missing-interpreters`` makes that an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = False
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def _pyenv_interpreters() -> None:
    """Put the newest pyenv installation of each Python this suite supports on PATH (pyenv's shims hide all but the active one)."""
    if not shutil.which("pyenv"):
        return
    root = Path(subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=False).stdout.strip() or "~/.pyenv").expanduser()
    found = []
    for minor in PYTHONS:
        if shutil.which(f"python{minor}") and subprocess.run([f"python{minor}", "-V"], capture_output=True, check=False).returncode == 0:
            continue  # already on PATH and working
        candidates = sorted(root.glob(f"versions/{minor}.*/bin/python{minor}"), key=lambda p: [int(x) for x in p.parts[-3].split(".")[1:] if x.isdigit()])
        if candidates:
            found.append(str(candidates[-1].parent))
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
ENV = {"NO_MKDOCS_2_WARNING": "1", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
_pyenv_interpreters()


def _suite(session: nox.Session, **env: str) -> None:
    session.run("bash", "scripts/system-packages.sh", external=True)
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs, env={**ENV, **env})


@nox.session(python=PYTHONS[-1])
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy, with the versions pinned in the ``lint`` extra."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite with the newest versions pyproject.toml allows."""
    session.install("-e", ".[test]")
    _suite(session)


@nox.session(python=[PYTHONS[0], PYTHONS[-1]])
def lowest(session: nox.Session) -> None:
    """The whole suite with the lowest version of every direct dependency (uv's lowest-direct resolution).

    On 3.10 that is every floor of pyproject.toml; on the newest Python, the floors that install
    there (the test extra's Zensical, 3.11 and newer, raises Markdown and pymdown-extensions).
    The month simulation runs 5 months here, not 20: its rules are the same code at any version, and CI
    runs this session after the whole suite at the newest versions (and must end within 30 minutes).
    """
    session.install("--resolution", "lowest-direct", "-e", ".[test]")
    session.run("uv", "pip", "freeze", "--python", session.virtualenv.location, external=True)  # the versions tested, in the log
    _suite(session, PLAYBOOK_SIMULATION_EXAMPLES=os.environ.get("PLAYBOOK_SIMULATION_EXAMPLES", "5"))
