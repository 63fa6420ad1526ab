"""Every command a page shows is exactly what a shell must receive (SPEC §5): no HTML entity, every argument
quoted where needed, and each ``record`` command runs as it stands.

Every ``playbook-gen …`` in a code block or a code span of every built page is taken as a
reader copies it (the text the browser shows), split as a shell splits it, and every
``record`` command is run with ``--dry-run`` on the same playbook: none may fail.
"""

from __future__ import annotations

import shlex
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from playbook_gen.cli import main

from conftest import write_tree

TODAY = "2026-12-01"


class _Code(HTMLParser):
    """The text of every ``<code>`` element of a page, as the browser shows it (entities decoded), and which of
    them are the playbook's own command blocks (``playbook-command``) rather than examples in hand-written pages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.generated: set[str] = set()
        self._depth = 0
        self._in_command = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and (self._in_command or "playbook-command" in (dict(attrs).get("class") or "").split()):
            self._in_command += 1
        if tag == "code":
            self._depth += 1
            if self._depth == 1:
                self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_command:
            self._in_command -= 1
        if tag == "code" and self._depth:
            self._depth -= 1
            if not self._depth:
                # A browser shows (and copies) a line break inside inline code as a space.
                self.found.append(" ".join("".join(self._text).split()))
                if self._in_command:
                    self.generated.add(self.found[-1])

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def commands_in(site: Path, *, generated_only: bool = False) -> dict[str, list[str]]:
    """Every ``playbook-gen`` command shown on every page of a built site, by page (only the playbook's own blocks, or every one)."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Code()
        parser.feed(page.read_text(encoding="utf-8"))
        shown = [text for text in parser.found if text.startswith("playbook-gen ") and (text in parser.generated or not generated_only)]
        if shown:
            found[page.relative_to(site).as_posix()] = shown
    return found


def run(root: Path, *args: str, salesperson: str | None = None) -> object:
    env = {"PLAYBOOK_TODAY": TODAY, **({"PLAYBOOK_SALESPERSON": salesperson} if salesperson else {})}
    return CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], env=env, catch_exceptions=False)


def check_every_command(root: Path, site: Path, *, salesperson: str | None) -> int:
    """Every command is exactly what a shell must receive; the playbook's own run as they stand, the examples of
    hand-written pages at least parse as commands (never a usage error)."""
    checked = 0
    generated = {c for page in commands_in(site, generated_only=True).values() for c in page}
    for page, commands in commands_in(site).items():
        for command in commands:
            assert "&#" not in command and "&amp;" not in command and "&lt;" not in command, (page, command)
            argv = shlex.split(command)
            assert argv[0] == "playbook-gen", (page, command)
            if command in generated:
                assert shlex.join(argv) == command, (page, command)  # quoted exactly where needed, nowhere else
            if argv[1] in ("record", "forget", "rename") and len(argv) > 3:  # a whole command, not a mention of one
                result = run(root, *argv[1:], "--dry-run", salesperson=salesperson)
                code, errors = result.exit_code, result.stderr  # type: ignore[attr-defined]
                # An ask planned for a later week is refused today (its cool-down): a rule, never a usage error.
                later_ask = argv[2] == "ask" and code == 1 and "refused:" in errors and len(errors.splitlines()) == 1
                if command in generated:
                    assert code == 0 or later_ask, (page, command, result.output)  # type: ignore[attr-defined]
                    checked += 1
                else:
                    assert code in (0, 1) and "Traceback" not in result.output, (page, command, result.output)  # type: ignore[attr-defined]
    return checked


def test_every_command_on_every_page_of_the_example_runs_as_shown(example: Path, tmp_path: Path) -> None:
    # A week under way, so that follow-ups, three kinds of thank-you and keep-in-touch all show their commands.
    for args in (
        ("record", "answer", "greta-hansen", "--contact", "dana-ruiz", "checking", "--date", "2026-11-20"),
        ("record", "stage", "oliver-grant", "first-conversation", "--date", "2026-11-20"),
        ("record", "stage", "samuel-okoro", "won", "--date", "2026-11-25"),
    ):
        assert run(example, *args).exit_code == 0  # type: ignore[attr-defined]
    site = tmp_path / "site"
    built = run(example, "build", "--all", "--team", "--site-dir", str(site))
    assert built.exit_code == 0, built.output  # type: ignore[attr-defined]
    checked = 0
    for salesperson in ("maya-okafor", "tom-becker"):
        checked += check_every_command(example, site / salesperson, salesperson=salesperson)
    shown = {c.split()[2] for page in commands_in(site / "maya-okafor").values() for c in page if c.startswith("playbook-gen record ")}
    assert {"ask", "answer", "thanked", "contacted"} <= shown, shown
    assert checked > 15


def test_text_a_command_carries_is_quoted_for_the_shell(tmp_path: Path) -> None:
    role = 'accountant\'s "$HOME" `x` & partner'
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: Q\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook\n",
            "docs/salespeople/maya-okafor.md": f"---\nname: Maya Okafor\noffer: plan the handover\ntarget_roles:\n  - {_yaml(role)}\n---\n",
            "docs/customers/ann-lee.md": f"---\nname: Ann Lee\nrole: {_yaml(role)}\nreference: true\nrecent_project: {{title: Close redesign, finished: 2026-11-01}}\n---\n",
            "docs/customers/bo-chan.md": f"---\nname: Bo Chan\nlast_contact: 2026-11-20\ntheir:\n  - {_yaml(role)}\n---\n",
        },
    )
    site = tmp_path / "site"
    assert run(root, "build", "--site-dir", str(site)).exit_code == 0  # type: ignore[attr-defined]
    home = commands_in(site / "maya-okafor")["index.html"]
    [ask] = [c for c in home if c.startswith("playbook-gen record ask bo-chan")]
    assert shlex.split(ask)[-1] == role
    assert check_every_command(root, site / "maya-okafor", salesperson=None) >= 1


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
