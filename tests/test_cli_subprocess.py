"""Every command once as a real process: ``python -m playbook_gen`` and the installed ``playbook-gen`` script."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from playbook_gen import __version__
from playbook_gen.mkdocs_settings import ROBOTS_META

from conftest import CONTACT, CUSTOMER


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m playbook_gen ARGS`` in the repository, with its default ``--config mkdocs.yml``."""
    return subprocess.run([sys.executable, "-m", "playbook_gen", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)


@pytest.fixture
def repo(playbook_repo) -> Path:
    return playbook_repo({"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT})


def test_the_installed_script_and_the_module_agree(repo: Path) -> None:
    script = shutil.which("playbook-gen")
    assert script is not None, "the playbook-gen script is installed with the package"
    by_script = subprocess.run([script, "--version"], capture_output=True, text=True, check=False, timeout=120)
    assert by_script.returncode == 0
    assert by_script.stdout == f"playbook-gen, version {__version__}\n"
    assert run(repo, "--version").stdout == by_script.stdout
    assert run(repo, "--help").stdout.startswith("Usage: playbook-gen [OPTIONS] COMMAND [ARGS]...")


def test_check_matrix_schema_export_as_processes(repo: Path) -> None:
    check = run(repo, "check")
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    matrix = run(repo, "matrix")
    assert json.loads(matrix.stdout) == ["maya-okafor"]
    schema = run(repo, "schema")
    assert json.loads(schema.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    csv = run(repo, "export", "csv", "--salesperson", "maya-okafor")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines()[:2] == ["week,connector,contact,role,form", "2026-11-23,priya-raman,dana-ruiz,,named"]
    ics = subprocess.run([sys.executable, "-m", "playbook_gen", "export", "ics"], cwd=repo, capture_output=True, check=False, timeout=300)
    assert ics.stdout.startswith(b"BEGIN:VCALENDAR\r\n")


def test_new_build_and_generate_as_processes(repo: Path) -> None:
    new = run(repo, "new", "contact", "Zoë Test")
    assert (new.returncode, new.stdout.strip()) == (0, "docs/contacts/zoe-test.md"), new.stderr
    assert run(repo, "new", "contact", "Zoë Test").returncode == 1
    written = repo / "docs/contacts/zoe-test.md"  # the salesperson fills in the one sentence of why
    written.write_text(written.read_text(encoding="utf-8").replace("# why:", "why: She is taking over the firm. #", 1), encoding="utf-8")
    built = run(repo, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert built.stderr.strip().endswith("maya-okafor: built site/maya-okafor/")
    assert (repo / "site/maya-okafor/contacts/zoe-test/index.html").is_file()
    generated = run(repo, "generate", "--out", "plain")
    assert generated.returncode == 0, generated.stderr
    assert "build it with: mkdocs build -f plain/mkdocs.yml" in generated.stderr
    assert (repo / "plain/docs/contacts/zoe-test.md").is_file()


def test_errors_are_one_line_without_a_traceback(repo: Path, tmp_path: Path) -> None:
    missing = run(tmp_path, "check")
    assert missing.returncode == 1
    assert missing.stderr == "mkdocs.yml: no such file: run playbook-gen in a playbook repository or give --config\n"
    (repo / "docs/customers/priya-raman.md").write_text("---\nname: Priya Raman\nrelationship: [\n---\n", encoding="utf-8")
    broken = run(repo, "build")
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert re.match(r"docs/customers/priya-raman.md:\d+: .*\n\Z", broken.stderr), broken.stderr
    assert not (repo / "site").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, *, server: subprocess.Popen[bytes], deadline: float) -> str:
    """The page once the server answers; fails if the server exits or never answers."""
    while True:
        assert server.poll() is None, "serve exited early"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, f"nothing served at {url}"
            time.sleep(0.2)


def test_serve_serves_the_chosen_salesperson(playbook_repo) -> None:
    root = playbook_repo(
        {
            "docs/salespeople/tom-becker.md": "---\nname: Tom Becker\noffer: make payroll boring\n---\n",
            "docs/customers/priya-raman.md": CUSTOMER.replace("relationship: 4", "relationship: 4\nowner: tom-becker"),
            "docs/contacts/dana-ruiz.md": CONTACT.replace("why:", "owner: tom-becker\nwhy:"),
        }
    )
    port = _free_port()
    env = {**os.environ, "PLAYBOOK_SALESPERSON": "maya-okafor"}  # the flag beats the environment
    server = subprocess.Popen(
        [sys.executable, "-m", "playbook_gen", "serve", "--salesperson", "tom-becker", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A suite started in the background by a shell inherits SIGINT ignored, and Python then turns
        # no Ctrl+C into KeyboardInterrupt: give the server the default, as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 120
        home = _get(f"http://127.0.0.1:{port}/", server=server, deadline=deadline)
        assert "Tom Becker" in home and ROBOTS_META in home
        customer = _get(f"http://127.0.0.1:{port}/customers/priya-raman/", server=server, deadline=deadline)
        assert "Priya Raman" in customer
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, stderr = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()  # and close its pipes, or they leak into whichever test runs next
            server.communicate()
            raise
    assert b"Serving on" in stderr
    assert b"Traceback" not in stderr
    assert not (root / "site").exists()  # serve builds into a temporary folder of its own


def run_on_terminal(root: Path, *args: str) -> tuple[int, str]:
    """``python -m playbook_gen ARGS`` with a pseudo-terminal as its standard output and error, as a person sees it."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "playbook_gen", *args], cwd=root, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=300), output.decode("utf-8").replace("\r\n", "\n")


PROGRESS = re.compile(r"^(\d+)/3 (\S+) built in (\d+\.\d) s: (.+)/$")


def test_build_all_on_a_terminal_shows_progress_and_the_total_time(example: Path) -> None:
    code, output = run_on_terminal(example, "build", "--all", "--team", "--site-dir", "out")
    assert code == 0, output
    lines = [line for line in output.splitlines() if line and not line.startswith("warning:")]
    assert re.fullmatch(r"building 3 sites, [123] at a time", lines[0]), lines
    progress = [PROGRESS.match(line) for line in lines[1:4]]
    assert all(progress), lines
    assert [(m[1], m[2], m[4]) for m in progress] == [("1", "maya-okafor", "out/maya-okafor"), ("2", "tom-becker", "out/tom-becker"), ("3", "team", "out/team")]
    assert all(0 < float(m[3]) < 300 for m in progress)
    total = re.fullmatch(r"3 of 3 sites built in (\d+\.\d) s", lines[4])
    assert total, lines
    assert float(total[1]) >= max(float(m[3]) for m in progress) - 0.1, "the total covers the slowest build"
    assert len(lines) == 5, lines


def test_build_all_in_a_log_prints_one_line_per_site_and_nothing_more(example: Path) -> None:
    result = run(example, "build", "--all", "--team", "--site-dir", "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert [line for line in result.stderr.splitlines() if not line.startswith("warning:")] == [
        "maya-okafor: built out/maya-okafor/",
        "tom-becker: built out/tom-becker/",
        "team: built out/team/",
    ]


def test_a_failed_build_on_a_terminal_says_which_and_counts_it(example: Path) -> None:
    broken = example / "docs/customers/greta-hansen.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("name: Greta Hansen", "name: [Greta"), encoding="utf-8")
    code, output = run_on_terminal(example, "build", "--all", "--site-dir", "out")
    assert code == 1
    assert re.search(r"^1/2 maya-okafor not built \(\d+\.\d s\); out/maya-okafor/ is unchanged$", output, re.M), output
    assert re.search(r"^0 of 2 sites built in \d+\.\d s$", output, re.M), output
    assert "Traceback" not in output
