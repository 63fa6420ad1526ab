"""Recording from the page (SPEC §12), without a browser: which sites carry the controls, and the serve endpoint's rules.

The controls' commands are read from the built HTML, as a click sends them; each one
sent to the endpoint must change the profiles byte for byte as the same command run
by ``playbook-gen record`` changes a second copy. A request another page, origin or
host could send changes nothing. ``tests/browser/test_browser_record.py`` clicks the
same controls in Chromium against a real ``serve``.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from playbook_gen.buttons import SCRIPT, Recording
from playbook_gen.cli import run_record
from playbook_gen.commands import issue_body, new_issue_url
from playbook_gen.lock import TIMEOUT_VARIABLE, holding
from playbook_gen.recording import ENDPOINT, Endpoint, record_argv, record_endpoint

from conftest import build, invoke

TODAY = "2026-11-23"
ORIGIN = "http://127.0.0.1:8000"


def docs_bytes(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "docs").rglob("*")) if path.is_file()}


def controls_in(site: Path) -> list[dict[str, str]]:
    """Every control group of every page: its attributes, and each button's command."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(span|form) class="playbook-record(?: playbook-record--form)?"([^>]*)>(.*?)</\1>', text, re.S):
            attrs = {key: html.unescape(value) for key, value in re.findall(r'([\w-]+)="([^"]*)"', match.group(2))}
            attrs["page"] = str(page.relative_to(site))
            attrs["hidden"] = str(match.group(2).endswith(" hidden"))
            attrs["buttons"] = json.dumps([html.unescape(c) for c in re.findall(r'<button[^>]*data-command="([^"]*)"', match.group(3))])
            found.append(attrs)
    return found


def with_repo_url(root: Path, url: str | None, *, extra: str = "") -> Path:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^repo_url: .*\n", "" if url is None else f"repo_url: {url}\n", text, flags=re.M)
    (root / "mkdocs.yml").write_text(text.replace("      salesperson:", extra + "      salesperson:"), encoding="utf-8")
    return root


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY)


# -- which sites carry controls ------------------------------------------------------


def test_a_built_site_has_no_control_no_token_and_no_script_unless_its_repository_applies_issues(example: Path, today: None) -> None:
    site = build(example)  # repo_url on example.com: no issue could be applied
    assert not (site / SCRIPT).exists()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "playbook-record" not in text and ENDPOINT not in text, page


@pytest.mark.parametrize("extra", ["      record_from_page: false\n", "      team: true\n"])
def test_turned_off_or_on_the_team_site_a_github_playbook_has_no_control(example: Path, today: None, extra: str) -> None:
    site = build(with_repo_url(example, "https://github.com/northwind/playbooks", extra=extra))
    assert not (site / SCRIPT).exists()
    assert not any("playbook-record" in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))


def test_a_github_playbook_opens_issues_holding_the_commands_its_pages_show(example: Path, today: None) -> None:
    site = build(with_repo_url(example, "https://github.com/northwind/playbooks"))
    assert (site / SCRIPT).is_file()
    groups = controls_in(site)
    kinds = {group["aria-label"] for group in groups}
    assert {"Record it", "Record the answer", "Record the stage", "Record an outcome", "Record what you gave"} <= kinds
    shown: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        blocks = re.findall(r'<div class="[^"]*playbook-command[^"]*">.*?<code>(.*?)</code>', page.read_text(encoding="utf-8"), re.S)
        shown[str(page.relative_to(site))] = {html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks}
    for group in groups:
        assert group["data-mode"] == "issue" and group["hidden"] == "True"
        assert group["data-new-issue"] == new_issue_url("https://github.com/northwind/playbooks")
        assert group["data-issue-body"] == issue_body("{command}")
        for command in json.loads(group["buttons"]):
            record_argv(command)  # one record command, or ValueError
            words = shlex.split(command)
            if words[2] == "stage":  # the contact page's own section: no command printed beside it
                assert words[3] + "/" in group["page"] and words[4] == "first-conversation"
            elif words[2] != "answer":  # the answers' four variants differ from the printed one in the result only
                assert command in shown[group["page"]], (group["page"], command)
            else:
                printed = {shlex.split(c)[:-1] == words[:-1] for c in shown[group["page"]]}
                assert True in printed, (group["page"], command)
    assert not any("playbook-record-token" in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))


def test_gitlab_playbook_prefills_the_description_and_generate_carries_the_script(example: Path, today: None, tmp_path: Path) -> None:
    with_repo_url(example, "https://gitlab.com/northwind/sales/playbooks")
    site = build(example)
    group = controls_in(site)[0]
    assert group["data-new-issue"].startswith("https://gitlab.com/northwind/sales/playbooks/-/issues/new?")
    assert group["data-issue-body"].endswith("/label ~playbook-record")
    out = tmp_path / "tree"
    result = invoke(example, "generate", "--out", str(out))
    assert result.exit_code == 0, result.output
    settings = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 2)[2])
    assert SCRIPT in settings["extra_javascript"]
    assert (out / "docs" / SCRIPT).read_bytes() == (site / SCRIPT).read_bytes()


@pytest.mark.parametrize(
    ("repo_url", "mode"),
    [
        ("https://github.com/northwind/playbooks", "issue"),
        ("https://github.com/northwind/playbooks.git", "issue"),
        ("https://gitlab.com/northwind/playbooks", "issue"),
        ("https://github.com/northwind", None),
        ("http://github.com/northwind/playbooks", None),
        ("https://example.com/northwind/playbooks", None),
        ("https://github.com/northwind/playbooks/{title}", None),
        (None, None),
    ],
)
def test_only_a_repository_on_github_or_gitlab_gets_issue_controls(repo_url: str | None, mode: str | None) -> None:
    recording = Recording.for_hosted(repo_url)
    assert (recording.mode if recording else None) == mode


# -- the serve endpoint ----------------------------------------------------------------


class Client:
    """The endpoint as ``serve`` wraps the app, called as a browser's request would reach it."""

    def __init__(self, root: Path) -> None:
        config_file = root / "mkdocs.yml"
        self.endpoint = Endpoint(lambda argv, command: run_record(config_file, argv, command=command), origins=frozenset({ORIGIN, "http://localhost:8000"}))
        self.app = record_endpoint(self._site, self.endpoint)

    @staticmethod
    def _site(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        start_response("200 OK", [("Content-Type", "text/html")])
        return iter([b"a page"])

    def post(
        self, body: Any, *, origin: str | None = ORIGIN, content_type: str = "application/json", method: str = "POST", **headers: str
    ) -> tuple[int, dict[str, Any]]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": ENDPOINT,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            **{f"HTTP_{key.upper()}": value for key, value in headers.items()},
        }
        if origin is not None:
            environ["HTTP_ORIGIN"] = origin
        seen: list[str] = []
        answer = b"".join(self.app(environ, lambda status, headers: seen.append(status)))
        return int(seen[0].split()[0]), json.loads(answer)

    def press(self, command: str, press: str, **more: Any) -> tuple[int, dict[str, Any]]:
        return self.post({"command": command, "token": self.endpoint.token, "press": press, **more})


@pytest.fixture
def twins(example: Path, tmp_path: Path, today: None) -> tuple[Path, Path]:
    """The example twice: one for the page's buttons, one for the command line."""
    other = tmp_path / "by-hand"
    shutil.copytree(example, other)
    return example, other


def page_commands(root: Path) -> list[str]:
    """The commands of the controls serve's pages would carry (the same as a GitHub playbook's), read from the HTML."""
    probe = root.parent / "probe"
    shutil.copytree(root, probe)
    site = build(with_repo_url(probe, "https://github.com/northwind/playbooks"))
    commands = [command for group in controls_in(site) for command in json.loads(group["buttons"])]
    shutil.rmtree(probe)
    return list(dict.fromkeys(commands))


def test_every_button_of_every_page_writes_what_its_command_writes(twins: tuple[Path, Path]) -> None:
    pressed, by_hand = twins
    client = Client(pressed)
    commands = page_commands(pressed)
    events = {shlex.split(command)[2] for command in commands}
    assert {"ask", "answer", "thanked", "contacted", "stage"} <= events, events
    applied = 0
    for number, command in enumerate(commands):
        status, answer = client.press(command, f"press-{number}")
        result = invoke(by_hand, *shlex.split(command)[1:])
        assert status == 200
        assert answer["ok"] == (result.exit_code == 0), (command, answer, result.output)
        applied += answer["ok"]
        assert docs_bytes(pressed) == docs_bytes(by_hand), command
    assert applied >= 5


def test_forms_complete_their_command_and_hostile_text_stays_one_argument(twins: tuple[Path, Path]) -> None:
    pressed, by_hand = twins
    client = Client(pressed)
    statement = "Cash by Friday; $(touch /tmp/pwned) `id` 'quoted' \"double\" & | > <"
    commands = [
        shlex.join(["playbook-gen", "record", "outcome", "dana-ruiz", statement, "--importance", "9", "--satisfaction", "2"]),
        shlex.join(["playbook-gen", "record", "gave", "greta-hansen", "Introduced her to a banker; she said thanks"]),
        shlex.join(["playbook-gen", "record", "stage", "dana-ruiz", "first-conversation"]),
    ]
    for number, command in enumerate(commands):
        status, answer = client.press(command, f"form-{number}")
        assert status == 200 and answer["ok"], answer
        assert invoke(by_hand, *shlex.split(command)[1:]).exit_code == 0
    assert docs_bytes(pressed) == docs_bytes(by_hand)
    assert statement in (pressed / "docs/contacts/dana-ruiz.md").read_text(encoding="utf-8")
    assert not Path("/tmp/pwned").exists()


def test_the_same_press_twice_records_one_event(twins: tuple[Path, Path]) -> None:
    pressed, by_hand = twins
    client = Client(pressed)
    command = 'playbook-gen record gave greta-hansen "A ticket to the trade fair"'
    first = client.press(command, "same")
    again = client.press(command, "same")
    assert first[1]["ok"] and again[1]["ok"] and again[1]["again"]
    assert invoke(by_hand, *shlex.split(command)[1:]).exit_code == 0
    assert docs_bytes(pressed) == docs_bytes(by_hand)  # one gift, not two
    assert client.press(command, "another press")[1]["ok"]
    assert (pressed / "docs/customers/greta-hansen.md").read_text(encoding="utf-8").count("A ticket to the trade fair") == 2


def test_a_refusal_shows_its_rule_and_record_anyway_records_it(twins: tuple[Path, Path]) -> None:
    pressed, by_hand = twins
    client = Client(pressed)
    ask = next(command for command in page_commands(pressed) if shlex.split(command)[2] == "ask")
    assert client.press(ask, "first")[1]["ok"]
    refused_status, refused = client.press(ask, "stale page")  # the same ask from a page opened before the first
    assert refused_status == 200 and not refused["ok"] and refused["refused"]
    assert any("refused:" in line and "one person at a time" in line for line in refused["lines"]), refused["lines"]
    before = docs_bytes(pressed)
    assert client.press(ask, "stale page")[1]["refused"]  # a refusal is not remembered: asking again refuses again
    assert docs_bytes(pressed) == before
    forced = client.press(ask, "anyway", force=True)[1]
    assert forced["ok"] and forced["command"].endswith(" --force")
    assert invoke(by_hand, *shlex.split(ask)[1:]).exit_code == 0
    assert invoke(by_hand, *shlex.split(ask)[1:], "--force").exit_code == 0
    assert docs_bytes(pressed) == docs_bytes(by_hand)


def test_a_date_refusal_is_not_offered_record_anyway(twins: tuple[Path, Path]) -> None:
    pressed, _ = twins
    client = Client(pressed)
    status, answer = client.press("playbook-gen record answer greta-hansen --contact dana-ruiz introduced --date 2026-01-01", "early")
    assert status == 200 and not answer["ok"] and not answer["refused"]
    assert any("dates never run backwards" in line for line in answer["lines"]), answer["lines"]


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"origin": "https://attacker.example"}, 403),
        ({"origin": None}, 403),
        ({"origin": "null"}, 403),
        ({"Sec_Fetch_Site": "cross-site"}, 403),
        ({"content_type": "text/plain"}, 415),
        ({"content_type": "application/x-www-form-urlencoded"}, 415),
        ({"method": "GET"}, 405),
        ({"token": ""}, 403),
        ({"token": "a-token-of-another-run"}, 403),
        ({"press": ""}, 400),
        ({"command": "playbook-gen build --all"}, 400),
        ({"command": "rm -rf docs"}, 400),
        ({"command": "playbook-gen record contacted greta-hansen --config /elsewhere/mkdocs.yml"}, 400),
        ({"command": "playbook-gen record contacted greta-hansen; touch /tmp/pwned"}, 400),
        ({"body": b"x" * 20000}, 413),
        ({"body": b"not json"}, 400),
        ({"body": b"[1, 2]"}, 400),
    ],
)
def test_a_request_any_other_page_origin_or_sender_could_make_changes_nothing(example: Path, today: None, request_kwargs: dict[str, Any], status: int) -> None:
    client = Client(example)
    before = docs_bytes(example)
    kwargs = dict(request_kwargs)
    body: Any = {
        "command": kwargs.pop("command", "playbook-gen record contacted greta-hansen"),
        "token": kwargs.pop("token", client.endpoint.token),
        "press": kwargs.pop("press", "p"),
    }
    body = kwargs.pop("body", body)
    got, answer = client.post(body, **kwargs)
    assert got == status and answer["ok"] is False and answer["lines"], answer
    assert docs_bytes(example) == before
    assert not Path("/tmp/pwned").exists()
    assert client.press("playbook-gen record contacted greta-hansen", "then a real one")[1]["ok"]  # the control: the same client records
    assert docs_bytes(example) != before


def test_run_record_is_the_command_line(example: Path, today: None) -> None:
    usage = run_record(example / "mkdocs.yml", ["answer", "greta-hansen", "--contact", "dana-ruiz", "maybe"], command="x")
    assert usage.status == 2 and "maybe" in usage.lines[-1]
    missing = run_record(example / "mkdocs.yml", ["contacted", "nobody-here"], command="x")
    assert missing.status == 1 and "nobody-here" in " ".join(missing.lines)
    done = run_record(example / "mkdocs.yml", ["contacted", "greta-hansen"], command="x")
    assert done.status == 0 and done.lines == (f"docs/customers/greta-hansen.md: last_contact {TODAY}",)


def test_a_press_while_another_command_writes_waits_then_says_who_and_writes_nothing(example: Path, today: None, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(example)
    before = docs_bytes(example)
    monkeypatch.setenv(TIMEOUT_VARIABLE, "0.3")
    with holding(example, command="playbook-gen rename dana-ruiz dana-ruiz-lopez"):
        status, answer = client.press("playbook-gen record contacted greta-hansen", "while busy")
    assert status == 200 and not answer["ok"] and not answer["refused"]
    assert answer["lines"] == [
        f"playbook-gen: another playbook-gen command (pid {os.getpid()}: playbook-gen rename dana-ruiz dana-ruiz-lopez) is writing this playbook; "
        f"gave up after waiting 0.3 s ({TIMEOUT_VARIABLE}): run this command again when it is done"
    ]
    assert docs_bytes(example) == before
    assert client.press("playbook-gen record contacted greta-hansen", "while busy")[1]["ok"], "a press that did not record may be pressed again"
