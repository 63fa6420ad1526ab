"""Recording from an issue on a hosted playbook (SPEC §12): GitHub's issue workflow and GitLab's scheduled pipeline.

Each test applies real issues, shaped as GitHub's ``issues`` events and GitLab's
REST API answers are, to a git repository holding a copy of the example playbook,
and reads the files back as bytes. Nothing here reaches a network: git runs on
local folders, and the GitLab client is handed recorded answers.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from playbook_gen import hosted
from playbook_gen.cli import main, run_record
from playbook_gen.commands import ISSUE_FIELD, ISSUE_FORM, RECORD_LABEL, RECORD_TITLE, gitlab_issue_description, issue_body
from playbook_gen.init import init_repository
from playbook_gen.install import pin_for
from playbook_gen.problems import PlaybookError
from playbook_gen.recording import Runner

from conftest import REPO, kept_by_the_lock

FIXTURES = Path(__file__).parent / "fixtures"
RECORD_WORKFLOW = REPO / ".github/workflows/record.yml"
RECORD_FORM = REPO / ".github/ISSUE_TEMPLATE/record.yml"
PLAYBOOKS = REPO / ".github/workflows/playbooks.yml"
TODAY = "2026-12-07"  # a Monday
ANSWER = "playbook-gen record answer greta-hansen --contact dana-ruiz no-answer --date 2026-12-07"
"""Greta's ask about Dana (2026-11-02) is open in the example: its answer changes two files."""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _today_and_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))  # the machine's own git settings stay out
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def copy_example(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example playbook in a git repository of its own, everything committed."""
    root = copy_example(tmp_path / "playbook")
    git(root, "init", "--quiet", "--initial-branch", "main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "The example playbook")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts and not kept_by_the_lock(root, p)
    }


def github_event(
    command: str | None = ANSWER,
    *,
    number: int = 7,
    association: str = "MEMBER",
    action: str = "opened",
    labels: tuple[str, ...] = (RECORD_LABEL,),
    body: str | None = None,
) -> dict[str, Any]:
    """GitHub's ``issues`` event as the runner's event file holds it, with this issue's command, author and labels."""
    event = json.loads((FIXTURES / "github/issues-opened.json").read_text(encoding="utf-8"))
    issue = event["issue"]
    label = issue["labels"][0]
    issue["labels"] = [{**label, "name": name} for name in labels]
    issue["number"] = number
    issue["author_association"] = association
    issue["body"] = body if body is not None else issue_body(command or "")
    issue["title"] = RECORD_TITLE + (command or "")
    event["action"] = action
    if action == "reopened":
        issue["updated_at"] = "2026-12-08T11:02:40Z"
    return event


@pytest.fixture
def apply_event(repo: Path, tmp_path: Path) -> Iterator[Any]:
    """Run ``playbook-gen record-issue github`` on an event, as the workflow does: (result, comment or None, message or None)."""
    count = iter(range(1000))

    def run(event: dict[str, Any], *extra: str) -> tuple[Result, str | None, str | None]:
        n = next(count)
        event_file = tmp_path / f"event-{n}.json"
        event_file.write_text(json.dumps(event), encoding="utf-8")
        comment, message = tmp_path / f"comment-{n}.md", tmp_path / f"message-{n}.txt"
        args = ["--config", str(repo / "mkdocs.yml"), "record-issue", "github", str(event_file), "--comment-file", str(comment), "--message-file", str(message)]
        result = CliRunner().invoke(main, [*args, *extra])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        read = [path.read_text(encoding="utf-8") if path.exists() else None for path in (comment, message)]
        return result, read[0], read[1]

    yield run


def commit_as_the_workflow(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)
    return git(repo, "rev-parse", "HEAD").strip()


# -- GitHub: what one issue does -------------------------------------------------------------


def test_a_members_issue_changes_the_files_as_the_command_itself_does(repo: Path, tmp_path: Path, apply_event: Any) -> None:
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(ANSWER))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"issue #7: recorded: {ANSWER}\n"
    # The same command typed in a second copy of the example: the same bytes.
    by_hand = copy_example(tmp_path / "by-hand")
    typed = CliRunner().invoke(main, ["--config", str(by_hand / "mkdocs.yml"), *shlex.split(ANSWER)[1:]])
    assert typed.exit_code == 0, typed.output
    after = snapshot(repo)
    assert after == snapshot(by_hand) != before
    assert sorted(path for path in after if after[path] != before.get(path)) == ["docs/contacts/dana-ruiz.md", "docs/customers/greta-hansen.md"]
    # The commit: the command as its subject, the issue as its trailer; the comment: what the command said.
    assert message == f"{ANSWER}\n\nPlaybook-Issue: #7\n"
    assert comment is not None and comment.startswith("Recorded:")
    assert f"$ {ANSWER}\n" in comment and typed.stdout.splitlines()[0] in comment.splitlines()
    assert git(repo, "status", "--porcelain").split() == ["M", "docs/contacts/dana-ruiz.md", "M", "docs/customers/greta-hansen.md"]


@pytest.mark.parametrize("association", ["NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN"])
def test_an_issue_from_someone_without_write_access_is_refused_and_changes_nothing(repo: Path, apply_event: Any, association: str) -> None:
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(ANSWER, association=association))
    assert result.exit_code == 1
    assert result.stdout == f"issue #7: not someone with write access: @maya-okafor is {association} here\n"
    assert comment is not None and "only people with write access to this repository record from an issue" in comment
    assert message is None and snapshot(repo) == before and git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("permission", "said"),
    [("read", "@maya-okafor's permission is read"), ("triage", "@maya-okafor's permission is triage"), ("unknown", "could not be checked")],
)
def test_a_member_whose_permission_is_not_write_is_refused(repo: Path, apply_event: Any, permission: str, said: str) -> None:
    """An organisation's member may only read this repository: GitHub's answer on the author's permission decides."""
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(ANSWER), "--permission", permission)
    assert result.exit_code == 1 and said in result.stdout
    assert comment is not None and message is None and snapshot(repo) == before


@pytest.mark.parametrize("permission", ["admin", "maintain", "write"])
def test_a_member_who_may_write_records(apply_event: Any, permission: str) -> None:
    result, _, message = apply_event(github_event(ANSWER), "--permission", permission)
    assert result.exit_code == 0 and message is not None


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (issue_body("playbook-gen forget greta-hansen"), "only a playbook-gen record command"),
        (issue_body("rm -rf docs"), "only a playbook-gen record command"),
        (issue_body("playbook-gen record contacted greta-hansen --config /tmp/other/mkdocs.yml"), "--config is not taken"),
        (issue_body("playbook-gen --config /tmp/other/mkdocs.yml record contacted greta-hansen"), "only a playbook-gen record command"),
        (issue_body("playbook-gen record ask --help"), "--help records nothing"),
        (issue_body(f"{ANSWER}\nplaybook-gen record contacted greta-hansen"), "2 lines where one command goes"),
        (issue_body(ANSWER) + "\n\n" + issue_body("playbook-gen record contacted greta-hansen"), "2 code blocks"),
        ("### Command\n\n```shell\n" + ANSWER, "not closed"),
        ("### Command\n\n_No response_", "it holds no command"),
        (issue_body("playbook-gen record contacted 'greta-hansen"), "not one command: No closing quotation"),
    ],
)
def test_anything_but_one_record_command_is_refused_and_changes_nothing(repo: Path, apply_event: Any, body: str, why: str) -> None:
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(body=body))
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("issue #7: not one record command:") and why in result.stdout
    assert comment is not None and comment.startswith("Not recorded: this issue is not one `playbook-gen record` command") and why in comment
    assert message is None and snapshot(repo) == before


@pytest.mark.parametrize(
    "command",
    [
        "playbook-gen record contacted greta-hansen; rm -rf docs",
        "playbook-gen record contacted greta-hansen && touch {pwned}",
        "playbook-gen record contacted $(touch {pwned})",
        "playbook-gen record contacted `touch {pwned}` | sh",
    ],
)
def test_shell_words_in_a_command_are_words_that_fail_as_arguments(repo: Path, tmp_path: Path, apply_event: Any, command: str) -> None:
    """Never given to a shell: a separator, a substitution or a pipe is only more arguments, which the command refuses."""
    pwned = tmp_path / "pwned"
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(command.format(pwned=pwned)))
    assert result.exit_code == 1 and "the command failed" in result.stdout
    assert comment is not None and "Not recorded: the command failed." in comment
    assert message is None and snapshot(repo) == before and not pwned.exists()


def test_a_role_text_full_of_shell_stays_one_argument_and_runs_nothing(repo: Path, tmp_path: Path, apply_event: Any) -> None:
    role = f"x; touch {tmp_path}/pwned $(touch {tmp_path}/pwned2) `touch {tmp_path}/pwned3` | sh"
    command = shlex.join(["playbook-gen", "record", "ask", "greta-hansen", "--role", role, "--date", TODAY, "--force"])
    result, comment, message = apply_event(github_event(command))
    assert result.exit_code == 0, result.output
    assert message == f"{command}\n\nPlaybook-Issue: #7\n"
    greta = (repo / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert yaml.safe_load(greta.split("---")[1])["asks"][-1]["role"] == role
    assert not list(tmp_path.glob("pwned*"))
    assert comment is not None and role in comment


def test_the_same_issue_reopened_or_run_again_lands_once(repo: Path, apply_event: Any) -> None:
    first, _, message = apply_event(github_event(ANSWER))
    assert first.exit_code == 0 and message is not None
    commit = commit_as_the_workflow(repo, message)
    after = snapshot(repo)
    for action in ("reopened", "opened"):  # reopened by hand; the first run's event delivered again
        again, comment, message = apply_event(github_event(ANSWER, action=action))
        assert again.exit_code == 0
        assert again.stdout == f"issue #7: already recorded by {commit[:12]}; nothing changed\n"
        assert comment == f"Already recorded by {commit} for this issue; nothing changed.\n"
        assert message is None and snapshot(repo) == after
    assert git(repo, "log", "--format=%s").splitlines() == [ANSWER, "The example playbook"]
    # Another issue with the same command is another event, which the command itself refuses: the ask is answered.
    other, comment, message = apply_event(github_event(ANSWER, number=8))
    assert other.exit_code == 1 and message is None and snapshot(repo) == after
    assert "no open ask of Greta Hansen for dana-ruiz" in (comment or "")


def test_a_refusal_of_the_method_names_its_rule_and_how_to_record_it_anyway(repo: Path, apply_event: Any) -> None:
    command = "playbook-gen record ask greta-hansen --contact zoe-lindqvist --date 2026-12-07"
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(command))
    assert result.exit_code == 1
    assert result.stdout == f"issue #7: refused by the method: {command}\n"
    assert comment is not None and message is None and snapshot(repo) == before
    refusal = next(line for line in comment.splitlines() if "refused:" in line)
    assert refusal == (
        "docs/customers/greta-hansen.md:23: refused: Greta Hansen has not answered your ask for Dana Ruiz of 2026-11-02 (pending); "
        "a connector is asked for one person at a time: record their answer first; --force records it anyway"
    )
    assert f"```shell\n{command} --force\n```" in comment
    link = re.search(r"\[Record it anyway\]\((\S+)\)", comment)
    assert link is not None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link.group(1)).query)
    assert link.group(1).startswith("https://github.com/northwind/playbooks/issues/new?")
    assert query == {"template": [ISSUE_FORM], "labels": [RECORD_LABEL], "title": [f"{RECORD_TITLE}{command} --force"], ISSUE_FIELD: [f"{command} --force"]}


def test_a_command_that_fails_for_another_reason_says_so(repo: Path, apply_event: Any) -> None:
    before = snapshot(repo)
    result, comment, _ = apply_event(github_event("playbook-gen record contacted nobody-at-all --date 2026-12-07"))
    assert result.exit_code == 1 and "the command failed" in result.stdout
    assert comment is not None and "nobody-at-all" in comment and "correct the command in a new issue" in comment
    assert snapshot(repo) == before


def test_a_command_that_changes_nothing_is_answered_without_a_commit(repo: Path, apply_event: Any) -> None:
    command = "playbook-gen record contacted greta-hansen --date 2026-12-07"
    first, _, message = apply_event(github_event(command))
    assert first.exit_code == 0 and message is not None
    commit_as_the_workflow(repo, message)
    again, comment, message = apply_event(github_event(command, number=9))
    assert again.exit_code == 0 and again.stdout.startswith("issue #9: nothing to change:")
    assert comment is not None and comment.startswith("Nothing to record: the playbook already says so.") and message is None


@pytest.mark.parametrize(
    "event",
    [
        github_event(ANSWER, labels=()),
        github_event(ANSWER, labels=("question",)),
        github_event(ANSWER, action="edited"),
        github_event(ANSWER, action="closed"),
        github_event(ANSWER, labels=(), association="NONE"),
    ],
)
def test_an_issue_without_the_label_or_another_action_is_left_alone(repo: Path, apply_event: Any, event: dict[str, Any]) -> None:
    before = snapshot(repo)
    result, comment, message = apply_event(event)
    assert result.exit_code == 0 and "issue #7:" in result.stdout
    assert comment is None and message is None and snapshot(repo) == before


def test_a_checkout_with_changes_of_its_own_applies_nothing(repo: Path, apply_event: Any) -> None:
    """Whatever is in the work tree is committed next: only the command's own change may be there."""
    (repo / "notes.txt").write_text("left by an earlier step\n", encoding="utf-8")
    before = snapshot(repo)
    result, comment, message = apply_event(github_event(ANSWER))
    assert result.exit_code == 1 and comment is None and message is None
    assert result.stderr == "git status: the work tree holds changes of its own; an issue is applied to a clean checkout: nothing was applied\n"
    assert snapshot(repo) == before


def test_an_event_file_that_is_not_an_issues_event_is_one_line(repo: Path, tmp_path: Path) -> None:
    for name, text in (("garbage.json", "{not json"), ("push.json", json.dumps({"ref": "refs/heads/main"})), ("missing.json", None)):
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["--config", str(repo / "mkdocs.yml"), "record-issue", "github", str(path)])
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and str(path) in result.stderr, result.output
        assert "Traceback" not in result.output


# -- the command an issue holds --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        issue_body(ANSWER),
        issue_body(ANSWER).replace("\n", "\r\n"),
        gitlab_issue_description(ANSWER),  # created through GitLab's API, the quick action kept
        issue_body(ANSWER) + "\n\nMet her at the fair, she will call Dana first.",
        ANSWER,
        f"  {ANSWER}  \n",
        f"~~~\n{ANSWER}\n~~~",
        f"````shell\n{ANSWER}\n````",
    ],
)
def test_the_command_is_the_one_line_of_the_one_code_block_or_the_only_line(body: str) -> None:
    assert hosted.command_in(body) == ANSWER


def test_a_comment_keeps_every_line_inside_its_code_block() -> None:
    """A command holding backticks cannot close the comment's code block and write Markdown of its own."""
    fenced = hosted._fenced(["$ playbook-gen record gave greta-hansen '```\n# Heading'"])
    assert fenced.startswith("````text\n") and fenced.endswith("\n````")


# -- the workflow, as GitHub runs it -------------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def step(workflow: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    return next(s for s in workflow["jobs"][job]["steps"] if s.get("name") == name)


@pytest.fixture
def init_copies(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    init_repository(root, salesperson="Ada Lovelace", pin=pin_for("0.1.0", None))
    return root


def test_init_writes_the_issue_form_and_the_workflow_pinned_as_the_playbooks_workflow(init_copies: Path) -> None:
    form = load(init_copies / ".github/ISSUE_TEMPLATE/record.yml")
    assert (init_copies / ".github/ISSUE_TEMPLATE/record.yml").read_bytes() == RECORD_FORM.read_bytes()
    assert form["labels"] == [RECORD_LABEL] and form["title"] == RECORD_TITLE
    (field,) = [element for element in form["body"] if element["type"] != "markdown"]
    assert field["type"] == "textarea" and field["id"] == ISSUE_FIELD and field["validations"]["required"] is True
    # GitHub shows the field as a heading with its label, and the text in a code block of its `render`:
    # exactly the body the page's button and the GitLab description use.
    rendered = f"### {field['attributes']['label']}\n\n```{field['attributes']['render']}\n{ANSWER}\n```"
    assert rendered == issue_body(ANSWER) and hosted.command_in(rendered) == ANSWER
    record = load(init_copies / ".github/workflows/record.yml")
    playbooks = load(init_copies / ".github/workflows/playbooks.yml")
    assert record["env"]["PLAYBOOK_GEN"] == playbooks["env"]["PLAYBOOK_GEN"] == "playbook-gen==0.1.0"
    shipped = RECORD_WORKFLOW.read_text(encoding="utf-8").splitlines()
    written = (init_copies / ".github/workflows/record.yml").read_text(encoding="utf-8").splitlines()
    assert [line for line in shipped if line not in written] == [
        '  # PLAYBOOK_GEN: "playbook-gen @ git+https://HOST/OWNER/playbook-gen@COMMIT"',
        '  PLAYBOOK_GEN: ""',
    ]
    assert [line for line in written if line not in shipped] == ['  PLAYBOOK_GEN: "playbook-gen==0.1.0"']
    assert "playbook-record" in (init_copies / "README.md").read_text(encoding="utf-8")


def test_init_from_a_local_install_leaves_the_record_workflow_unpinned_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "team"
    init_repository(root, salesperson="Ada Lovelace", pin=pin_for("0.1.0", '{"url": "file:///home/maya/playbook-gen", "dir_info": {}}'))
    text = (root / ".github/workflows/record.yml").read_text(encoding="utf-8")
    assert load(root / ".github/workflows/record.yml")["env"]["PLAYBOOK_GEN"] == ""
    assert "which CI cannot reach: set PLAYBOOK_GEN." in text


@pytest.mark.parametrize("where", ["repository", "init"])
def test_the_record_workflow_passes_actionlint(init_copies: Path, where: str) -> None:
    folder = REPO if where == "repository" else init_copies
    linter = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    run = subprocess.run(
        [linter, "-no-color", ".github/workflows/record.yml", ".github/workflows/playbooks.yml"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_workflow_runs_for_labelled_issues_one_at_a_time_with_least_permissions() -> None:
    workflow = load(RECORD_WORKFLOW)
    assert workflow[True] == {"issues": {"types": ["opened", "reopened"]}}  # YAML reads the key `on` as true
    assert workflow["permissions"] == {}
    apply, answer, rebuild = (workflow["jobs"][name] for name in ("apply", "answer", "rebuild"))
    assert apply["if"] == f"contains(github.event.issue.labels.*.name, '{RECORD_LABEL}')"
    # One at a time, in order: nothing waiting is cancelled, and nothing running.
    assert apply["concurrency"] == {"group": "playbook-record", "cancel-in-progress": False, "queue": "max"}
    assert (apply["permissions"], answer["permissions"]) == ({"contents": "write"}, {"issues": "write"})
    assert rebuild["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert answer["needs"] == rebuild["needs"] == "apply"
    checkout = apply["steps"][0]
    assert re.fullmatch(r"actions/checkout@[0-9a-f]{40}", checkout["uses"])
    assert checkout["with"] == {"ref": "${{ github.event.repository.default_branch }}", "fetch-depth": 0, "persist-credentials": False}
    # Rebuilding: the playbooks' own workflow, called (a push with GitHub's token starts none), with its three secrets by name.
    assert rebuild["uses"] == "./.github/workflows/playbooks.yml" and rebuild["if"] == "needs.apply.outputs.commit != ''"
    assert set(rebuild["secrets"]) == {"PLAYBOOK_PASSPHRASE", "PLAYBOOK_DEPLOY_KEY", "PLAYBOOK_DEPLOY_KNOWN_HOSTS"}
    called = load(PLAYBOOKS)[True]["workflow_call"]
    assert set(called["secrets"]) == set(rebuild["secrets"]) and set(called["inputs"]) == set(rebuild["with"]) == {"ref"}
    commit = step(workflow, "apply", "Commit and push the change")["run"]
    assert 'git config user.name "github-actions[bot]"' in commit
    assert 'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"' in commit
    assert 'git commit --quiet --file "$RUNNER_TEMP/message.txt"' in commit
    comment = step(workflow, "answer", "Comment and close")
    assert 'gh issue comment "$NUMBER"' in comment["run"] and 'gh issue close "$NUMBER"' in comment["run"]
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_every_action_is_pinned_by_commit_and_every_job_that_runs_steps_has_a_timeout() -> None:
    text = RECORD_WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert [action for action, _ in uses if action.startswith("./")] == ["./.github/workflows/playbooks.yml"]
    for action, comment in (found for found in uses if not found[0].startswith("./")):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action) and re.fullmatch(r" # v\d+\.\d+\.\d+", comment), action
    jobs = load(RECORD_WORKFLOW)["jobs"]
    assert {name: "timeout-minutes" in job for name, job in jobs.items() if "steps" in job} == {"apply": True, "answer": True}


@pytest.mark.parametrize("path", [RECORD_WORKFLOW, PLAYBOOKS, REPO / ".github/workflows/release.yml", REPO / "deploy/cloudflare/cloudflare-pages.yml"])
def test_no_script_holds_the_issues_text_or_any_expression_of_the_event(path: Path) -> None:
    """The issue's text reaches the command through the event file, or a step's environment, never a script."""
    workflow = load(path)
    for job in workflow["jobs"].values():
        for one in job.get("steps", []):
            script = str(one.get("run", ""))
            assert "${{" not in script, f"{path.name}: {one.get('name')}"
    assert "github.event.issue.body" not in path.read_text(encoding="utf-8")


def run_step(script: str, *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A step's script as bash runs it on the runner: no identity but the one it sets itself, this environment's playbook-gen first."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    machine = {name: value for name, value in os.environ.items() if name not in GIT_ENV or name == "GIT_CONFIG_NOSYSTEM"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env={**machine, **env, "PATH": path}, capture_output=True, text=True, check=False, timeout=300)


def test_the_workflows_own_steps_apply_commit_push_and_hand_over_the_answer(tmp_path: Path, repo: Path) -> None:
    """The steps' scripts as the runner runs them, with the real playbook-gen, on a clone of a repository (a local one)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(origin))
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(origin), str(checkout))
    workflow = load(RECORD_WORKFLOW)
    scripts = [step(workflow, "apply", name) for name in ("Apply the command", "Commit and push the change", "Hand the answer to the next job")]

    def run_issue(event: dict[str, Any], runner_temp: Path) -> dict[str, str]:
        runner_temp.mkdir()
        (runner_temp / "event.json").write_text(json.dumps(event), encoding="utf-8")
        outputs = {}
        for one in scripts:
            output = runner_temp / f"output-{one['name']}"
            env = {
                "GITHUB_EVENT_PATH": str(runner_temp / "event.json"),
                "RUNNER_TEMP": str(runner_temp),
                "GITHUB_OUTPUT": str(output),
                "GITHUB_SERVER_URL": "https://github.com",
                "PERMISSION": "write",
                "TOKEN": "not-a-token",
                "BRANCH": "main",
                "STATUS": outputs.get("status", ""),
            }
            done = run_step(one["run"], cwd=checkout, env=env)
            assert done.returncode == 0, done.stdout + done.stderr
            outputs |= dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines()) if output.exists() else {}
        return outputs

    first = run_issue(github_event(ANSWER), tmp_path / "run-1")
    assert first["commit"] == git(origin, "rev-parse", "main").strip()
    assert git(origin, "log", "-1", "--format=%an <%ae>%n%B", "main") == (
        f"github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n{ANSWER}\n\nPlaybook-Issue: #7\n\n"
    )
    assert git(origin, "show", "--name-only", "--format=", "main").split() == ["docs/contacts/dana-ruiz.md", "docs/customers/greta-hansen.md"]
    assert json.loads(first["comment"]) == (tmp_path / "run-1/comment.md").read_text(encoding="utf-8") and first["reason"] == "completed"
    # The same issue reopened: a fresh checkout of the branch as it is now; nothing is committed, and the answer says why.
    shutil.rmtree(checkout)
    git(tmp_path, "clone", "--quiet", str(origin), str(checkout))
    again = run_issue(github_event(ANSWER, action="reopened"), tmp_path / "run-2")
    assert "commit" not in again and json.loads(again["comment"]).startswith("Already recorded by")
    assert git(origin, "rev-list", "--count", "main").strip() == "2"
    # An outsider's issue: refused, answered, closed as not planned, nothing committed.
    outsider = run_issue(github_event("playbook-gen record contacted greta-hansen", number=8, association="NONE"), tmp_path / "run-3")
    assert "commit" not in outsider and outsider["reason"] == "not planned"
    assert git(origin, "rev-list", "--count", "main").strip() == "2"


# -- GitLab: the scheduled pipeline ---------------------------------------------------------------


def gitlab_issues() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "gitlab/issues.json").read_text(encoding="utf-8"))


def gitlab_members() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "gitlab/members.json").read_text(encoding="utf-8"))


def runner(root: Path) -> Runner:
    """``playbook-gen --config ROOT/mkdocs.yml record …`` in this process, as ``record-issue`` runs it."""
    return lambda argv, command: run_record(root / "mkdocs.yml", argv, command=command)


def test_gitlab_applies_the_issues_of_developers_oldest_first_and_refuses_everyone_elses(repo: Path, tmp_path: Path) -> None:
    levels = {member["id"]: member["access_level"] for member in gitlab_members()}
    answers = hosted.gitlab_answers(gitlab_issues(), levels, run=runner(repo), git=hosted.git_in(repo), repo_url="https://gitlab.com/northwind/playbooks")
    assert [(a.issue, a.outcome, a.close) for a in answers] == [(11, "recorded", True), (12, "recorded", True), (13, "refused", True), (14, "refused", True)]
    # The ask of #12 is refused until #11 answers Greta's open ask: applied in the order they were opened, each committed.
    subjects = git(repo, "log", "--format=%s%n%(trailers:key=Playbook-Issue,valueonly)", "-2").split("\n")
    issues = {issue["iid"]: issue for issue in gitlab_issues()}
    assert [line for line in subjects if line] == [hosted.command_in(issues[12]["description"]), "#12", hosted.command_in(issues[11]["description"]), "#11"]
    assert answers[2].comment is not None and "@rita.intern is not a Developer or higher of this project (access level 20)" in answers[2].comment
    assert answers[3].comment is not None and "@someone-else is not a Developer or higher of this project (access level 0)" in answers[3].comment
    # Byte for byte what the two commands make when typed, one after the other.
    by_hand = copy_example(tmp_path / "by-hand")
    for iid in (11, 12):
        typed = CliRunner().invoke(main, ["--config", str(by_hand / "mkdocs.yml"), *shlex.split(hosted.command_in(issues[iid]["description"]))[1:]])
        assert typed.exit_code == 0, typed.output
    assert snapshot(repo) == snapshot(by_hand)
    # The next scheduled run sees the same issues (say, the notes failed): nothing lands twice.
    again = hosted.gitlab_answers(gitlab_issues(), levels, run=runner(repo), git=hosted.git_in(repo))
    assert [(a.issue, a.outcome) for a in again] == [(11, "already"), (12, "already"), (13, "refused"), (14, "refused")]
    assert snapshot(repo) == snapshot(by_hand) and git(repo, "rev-list", "--count", "HEAD").strip() == "3"


class RecordedGitLab:
    """GitLab's API as recorded in tests/fixtures/gitlab: what a real project answers, and every note and close asked for."""

    def __init__(self, issues: list[dict[str, Any]]) -> None:
        self.issues = issues
        self.members = {member["id"]: member for member in gitlab_members()}
        self.said: list[tuple[str, int, str]] = []

    def open_issues(self) -> list[dict[str, Any]]:
        return [issue for issue in self.issues if issue["state"] == "opened"]

    def access_level(self, user_id: int) -> int:
        return int(self.members.get(user_id, {}).get("access_level", 0))

    def note(self, iid: int, body: str) -> None:
        self.said.append(("note", iid, body))

    def close(self, iid: int) -> None:
        self.said.append(("close", iid, ""))
        next(issue for issue in self.issues if issue["iid"] == iid)["state"] = "closed"


def test_the_scheduled_run_pushes_the_commits_before_it_answers_and_closes(repo: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(origin))
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(origin), str(checkout))
    gitlab = RecordedGitLab(gitlab_issues())
    pushed_before_answering: list[str] = []
    real_git = hosted.git_in(checkout)

    def watching_git(*args: str) -> str:
        out = real_git(*args)
        if args[0] == "push":
            pushed_before_answering.append(f"pushed with {len(gitlab.said)} answers given")
        return out

    answers = hosted.run_gitlab(gitlab, run=runner(checkout), git=watching_git, branch="main")
    assert pushed_before_answering == ["pushed with 0 answers given"]
    assert git(origin, "rev-list", "--count", "main").strip() == "3"
    assert [(kind, iid) for kind, iid, _ in gitlab.said] == [
        ("note", 11),
        ("close", 11),
        ("note", 12),
        ("close", 12),
        ("note", 13),
        ("close", 13),
        ("note", 14),
        ("close", 14),
    ]
    assert [a.exit_code for a in answers] == [0, 0, 1, 1]
    # Every issue is closed: the next run has nothing to do, and pushes nothing.
    assert hosted.run_gitlab(gitlab, run=runner(checkout), git=watching_git, branch="main") == []
    assert len(pushed_before_answering) == 1


class Response(io.BytesIO):
    def __enter__(self) -> Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_the_gitlab_client_asks_for_the_labelled_open_issues_page_by_page_and_each_authors_level() -> None:
    issues, members = gitlab_issues(), {member["id"]: member for member in gitlab_members()}
    asked: list[tuple[str, str, dict[str, str], bytes | None]] = []

    def opener(request: Any, timeout: float) -> Response:
        asked.append((request.get_method(), request.full_url, dict(request.header_items()), request.data))
        url = urllib.parse.urlsplit(request.full_url)
        if url.path == "/api/v4/projects/northwind%2Fplaybooks/issues":
            page = int(urllib.parse.parse_qs(url.query)["page"][0])
            return Response(json.dumps((issues * 50)[(page - 1) * 100 : page * 100]).encode())
        if url.path.startswith("/api/v4/projects/northwind%2Fplaybooks/members/all/"):
            user = int(url.path.rsplit("/", 1)[1])
            if user not in members:
                raise urllib.error.HTTPError(request.full_url, 404, "Not Found", {}, io.BytesIO(b'{"message":"404 Not found"}'))
            return Response(json.dumps(members[user]).encode())
        return Response(b"{}")

    client = hosted.GitLab("https://gitlab.com/api/v4/", "northwind/playbooks", "glpat-recorded", opener=opener)
    assert len(client.open_issues()) == 200  # pages of 100: the third, shorter one ends it
    first = urllib.parse.urlsplit(asked[0][1])
    assert urllib.parse.parse_qs(first.query) == {
        "labels": [RECORD_LABEL],
        "state": ["opened"],
        "order_by": ["created_at"],
        "sort": ["asc"],
        "per_page": ["100"],
        "page": ["1"],
    }
    assert len(asked) == 3 and all(headers["Private-token"] == "glpat-recorded" for _, _, headers, _ in asked)
    assert (client.access_level(3187), client.access_level(4411), client.access_level(5002)) == (30, 20, 0)
    client.note(12, "Recorded: …")
    client.close(12)
    assert asked[-2][:2] == ("POST", "https://gitlab.com/api/v4/projects/northwind%2Fplaybooks/issues/12/notes")
    assert urllib.parse.parse_qs((asked[-2][3] or b"").decode()) == {"body": ["Recorded: …"]}
    assert asked[-1][:2] == ("PUT", "https://gitlab.com/api/v4/projects/northwind%2Fplaybooks/issues/12")
    assert asked[-1][3] == b"state_event=close"


def test_a_gitlab_api_error_is_one_line_naming_the_call() -> None:
    def refusing(request: Any, timeout: float) -> Response:
        raise urllib.error.HTTPError(request.full_url, 401, "Unauthorized", {}, io.BytesIO(b'{"message":"401 Unauthorized"}'))

    client = hosted.GitLab("https://gitlab.com/api/v4", "61840213", "expired", opener=refusing)
    with pytest.raises(PlaybookError) as raised:
        client.open_issues()
    assert str(raised.value) == "GitLab API GET https://gitlab.com/api/v4/projects/61840213/issues: 401 Unauthorized"


def test_the_gitlab_command_needs_its_token_and_says_so_in_one_line(repo: Path) -> None:
    env = {"CI_API_V4_URL": "https://gitlab.com/api/v4", "CI_PROJECT_ID": "61840213", "CI_DEFAULT_BRANCH": "main", "PLAYBOOK_GITLAB_TOKEN": ""}
    result = CliRunner().invoke(main, ["--config", str(repo / "mkdocs.yml"), "record-issue", "gitlab"], env=env)
    assert result.exit_code == 1
    assert result.stderr == "PLAYBOOK_GITLAB_TOKEN is not set: a project access token with the Developer role and the api scope\n"


def test_the_gitlab_recipe_runs_only_the_record_job_on_its_schedule() -> None:
    record = yaml.safe_load((REPO / "deploy/gitlab/record.gitlab-ci.yml").read_text(encoding="utf-8"))["record"]
    assert record["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $PLAYBOOK_RECORD == "true"'}]
    assert record["resource_group"] == "playbook-record"  # one run at a time
    assert record["variables"]["GIT_DEPTH"] == "0"  # the whole history, whose trailers say what was applied
    assert record["script"][-1] == "playbook-gen record-issue gitlab"
    assert "$PLAYBOOK_GITLAB_TOKEN" in "\n".join(record["script"])
    pipeline = yaml.safe_load((REPO / "deploy/gitlab/.gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in ("check", "pages"):
        assert pipeline[job]["rules"][0] == {"if": '$PLAYBOOK_RECORD == "true"', "when": "never"}
    assert "include: [{local: record.gitlab-ci.yml}]" in (REPO / "deploy/gitlab/.gitlab-ci.yml").read_text(encoding="utf-8")
