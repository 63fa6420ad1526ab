"""``playbook-gen serve`` as a salesperson uses it: edit, break, repair, reload — never a restart (SPEC §6).

A real server process on a free port, fetched over HTTP: every edit of a profile, a
hand-written page, a template or ``mkdocs.yml`` shows on the next fetch; a broken profile
shows its ``path:line: message`` on the page and the next good edit brings the playbook
back; a request addressed to another host gets no page; SIGTERM leaves no copy of the
playbook in the temporary folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import fetch, free_port, stop, until

from conftest import REPO, write_tree

CONTACT = "---\nname: Dana Ruiz\nwhy: Dana is handing the business over.\nknown_by: [{customer: priya-raman, strength: 4}]\n---\n"
CUSTOMER = "---\nname: Priya Raman\nrelationship: 4\n---\n"
MKDOCS_YML = "site_name: Serve test\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-11-23\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int, subprocess.Popen[bytes], Path]]:
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: I help owners see their cash clearly\n---\n",
            "docs/customers/priya-raman.md": CUSTOMER,
            "docs/contacts/dana-ruiz.md": CONTACT,
            "docs/guide.md": "# Our guide\n\nFirst version of the guide.\n",
        },
    )
    (root / "templates").mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "playbook_gen", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # A suite started in the background inherits SIGINT ignored: give the server the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        until(port, "/", lambda page: "Maya Okafor" in page, server=server, seconds=120)
        yield root, port, server, temp
    finally:
        stop(server)


def test_every_kind_of_edit_rebuilds_and_a_broken_profile_recovers_without_a_restart(served: tuple[Path, int, subprocess.Popen[bytes], Path]) -> None:
    root, port, server, _ = served
    contact = root / "docs/contacts/dana-ruiz.md"
    contact.write_text(CONTACT.replace("handing the business over", "selling the company"), encoding="utf-8")
    until(port, "/contacts/dana-ruiz/", lambda page: "selling the company" in page, server=server)

    (root / "docs/guide.md").write_text("# Our guide\n\nSecond version of the guide.\n", encoding="utf-8")
    until(port, "/guide/", lambda page: "Second version" in page, server=server)

    packaged = (REPO / "templates/contact.md.j2").read_text(encoding="utf-8")
    (root / "templates/contact.md.j2").write_text(packaged.replace("## Why them", "## Why them, in our words"), encoding="utf-8")
    until(port, "/contacts/dana-ruiz/", lambda page: "Why them, in our words" in page, server=server)

    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("Serve test", "Renamed playbook"), encoding="utf-8")
    until(port, "/", lambda page: "Renamed playbook" in page, server=server)

    contact.write_text("---\nname: Dana Ruiz\nwhy: [unclosed\n---\n", encoding="utf-8")
    broken = until(port, "/contacts/dana-ruiz/", lambda page: "This playbook has a problem to fix" in page, server=server)
    assert "docs/contacts/dana-ruiz.md:3:" in broken
    # The page's title is its front matter's, not the front matter shown as text.
    assert "<title>This playbook has a problem to fix" in broken and "render_macros" not in broken and "title: " not in broken
    assert "This playbook has a problem to fix" in until(port, "/", lambda page: "problem to fix" in page, server=server)

    contact.write_text(CONTACT.replace("handing the business over", "repaired at last"), encoding="utf-8")
    until(port, "/contacts/dana-ruiz/", lambda page: "repaired at last" in page, server=server)
    assert server.poll() is None


def test_only_requests_addressed_to_its_own_host_get_a_page(served: tuple[Path, int, subprocess.Popen[bytes], Path]) -> None:
    _, port, _, _ = served
    assert fetch(port, "/contacts/dana-ruiz/")[0] == 200
    assert fetch(port, "/", host=f"localhost:{port}")[0] == 200
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", ""):
        status, body = fetch(port, "/contacts/dana-ruiz/", host=host)
        assert status == 421 and "Dana" not in body, host


def test_sigterm_stops_serve_and_leaves_no_copy_of_the_playbook(served: tuple[Path, int, subprocess.Popen[bytes], Path]) -> None:
    _, _, server, temp = served
    assert any(temp.iterdir()), "serve keeps its copies in the temporary folder while it runs"
    server.send_signal(signal.SIGTERM)
    _, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr.decode()
    assert list(temp.iterdir()) == []
    assert b"Traceback" not in stderr
