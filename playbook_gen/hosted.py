"""Recording from an issue, for a hosted playbook (SPEC §12): the issue's one command, applied once, by a writer.

A button of a hosted playbook opens a new issue holding one ``playbook-gen record``
command (:mod:`playbook_gen.commands` defines the issue's format). The repository's
CI hands the issue here:

* GitHub: the ``issues`` event of ``.github/workflows/record.yml`` (:func:`github_answer`);
* GitLab: a scheduled pipeline reads the open issues labelled ``playbook-record``
  through the API (:func:`gitlab_answers`, :class:`GitLab`).

Only an issue opened by someone with write access is applied (GitHub's
``author_association`` and the author's permission, GitLab's Developer role or
higher). The command is taken from the issue's one code block, split as a shell
splits words and never given to a shell; only a ``record`` command runs, through
the command line's own code (:func:`playbook_gen.cli.run_record`). The commit
that applies an issue carries the trailer ``Playbook-Issue: #N``, and an issue whose
trailer is already in the history is never applied again.

Everything that talks to git or to a forge is a function given as an argument, so
the tests run all of it without a network.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .commands import RECORD_LABEL, RECORD_TITLE, gitlab_issue_description, new_issue_url
from .problems import PlaybookError, Problem
from .recording import Runner, record_argv

TRAILER = "Playbook-Issue"
"""The commit trailer that names the issue a commit applied (``Playbook-Issue: #12``)."""
WRITERS = ("OWNER", "MEMBER", "COLLABORATOR")
"""GitHub's ``author_association`` of the people an issue is applied for."""
WRITE_PERMISSIONS = ("admin", "maintain", "write")
"""GitHub's permission of a collaborator (``GET /repos/{repo}/collaborators/{user}/permission``) that may record."""
DEVELOPER = 30
"""GitLab's access level of a Developer: the lowest that records."""

Outcome = Literal["recorded", "unchanged", "already", "refused", "ignored"]
Git = Callable[..., str]
"""Runs ``git ARGS`` in the playbook's repository and returns what it printed; a failure raises :class:`PlaybookError`."""


@dataclass(frozen=True)
class Issue:
    """One issue as the forge describes it: its number, who opened it, its labels and its text."""

    number: int
    author: str
    labels: tuple[str, ...]
    body: str
    repo_url: str | None = None  # the repository's web address, for a prefilled "record anyway" issue


@dataclass(frozen=True)
class Answer:
    """What happens to one issue: the commit message (when the playbook changed), the comment, and the exit status."""

    issue: int
    outcome: Outcome
    log: str
    """One line for the CI log."""
    comment: str | None = None
    """The comment to post on the issue (Markdown); None: say nothing and leave the issue alone."""
    message: str | None = None
    """The commit message, when the command changed the playbook."""

    @property
    def close(self) -> bool:
        """Every issue that was answered is closed: it is done, or it needs a new issue."""
        return self.comment is not None

    @property
    def exit_code(self) -> int:
        """0 recorded, already recorded, nothing to change or not an issue to record; 1 refused."""
        return 1 if self.outcome == "refused" else 0


# -- the command an issue holds --------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_QUICK_ACTION = re.compile(rf"^/label\s+~?\"?{re.escape(RECORD_LABEL)}\"?\s*$")


def command_in(body: str) -> str:
    """The one command line an issue holds: its one fenced code block of one line, or its only line; ValueError otherwise."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not _QUICK_ACTION.match(line.strip())]  # GitLab keeps it when the issue came from the API
    blocks: list[list[str]] = []
    outside: list[str] = []
    block: list[str] | None = None
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if block is None:
            if opening is not None and (opening.group(1)[0] == "~" or "`" not in opening.group(2)):
                block, fence = [], opening.group(1)
            elif line.strip():
                outside.append(line.strip())
        elif opening is not None and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) and not opening.group(2).strip():
            blocks.append(block)
            block = None
        else:
            block.append(line)
    if block is not None:
        raise ValueError("its code block is not closed")
    if len(blocks) > 1:
        raise ValueError(f"it holds {len(blocks)} code blocks: one issue records one command")
    # No code block: the issue's only line, GitHub's heading of the form's field aside.
    held = [line.strip() for line in blocks[0] if line.strip()] if blocks else [line for line in outside if line not in ("### Command", "_No response_")]
    if not held:
        raise ValueError("it holds no command")
    if len(held) > 1:
        raise ValueError(f"it holds {len(held)} lines where one command goes: one issue records one command")
    return held[0]


def commit_message(command: str, issue: int) -> str:
    """The commit that applies an issue: the command as its subject, the issue as its trailer."""
    return f"{command}\n\n{TRAILER}: #{issue}\n"


def applied_by(issue: int, *, git: Git) -> str | None:
    """The commit whose trailer names ``issue``, if the history has one: that issue is never applied twice."""
    log = git("log", "--format=%H %(trailers:key=" + TRAILER + ",valueonly,separator=%x2C)")
    for line in log.splitlines():
        commit, _, values = line.partition(" ")
        if f"#{issue}" in (value.strip() for value in values.split(",")):
            return commit
    return None


def git_in(root: Path) -> Git:
    """The real git, run in ``root``; a failure is one line naming the git command."""

    def run(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PlaybookError([Problem(f"git {args[0]}", None, str(exc))]) from None
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            raise PlaybookError([Problem(f"git {args[0]}", None, said)])
        return done.stdout

    return run


# -- applying one issue ------------------------------------------------------------------


def apply_issue(issue: Issue, *, run: Runner, git: Git) -> Answer:
    """Apply the command of an issue whose author may record: once, through ``playbook-gen record``, or refused with the reason."""
    try:
        command = command_in(issue.body)
        argv = record_argv(command)
    except ValueError as exc:
        return _refused(
            issue,
            f"not one record command: {exc}",
            f"Not recorded: this issue is not one `playbook-gen record` command ({exc}). An issue that records holds one command "
            "in one code block, as the playbook's buttons write it. Nothing was changed.",
        )
    command = shlex.join(["playbook-gen", "record", *argv])
    earlier = applied_by(issue.number, git=git)
    if earlier is not None:
        return Answer(
            issue.number,
            "already",
            f"issue #{issue.number}: already recorded by {earlier[:12]}; nothing changed",
            f"Already recorded by {earlier} for this issue; nothing changed.",
        )
    if _changed(git):  # what is committed next must be this command's change, and nothing else
        raise PlaybookError(
            [Problem("git status", None, "the work tree holds changes of its own; an issue is applied to a clean checkout: nothing was applied")]
        )
    recorded = run(argv, command)
    said = _fenced([f"$ {command}", *recorded.lines])
    if recorded.status != 0:
        if recorded.refused:
            anyway = _record_anyway(issue, argv)
            return _refused(issue, f"refused by the method: {command}", f"Not recorded: the method refuses it.\n\n{said}\n\n{anyway}\n\nNothing was changed.")
        return _refused(
            issue, f"the command failed: {command}", f"Not recorded: the command failed.\n\n{said}\n\nNothing was changed: correct the command in a new issue."
        )
    if not _changed(git):
        return Answer(
            issue.number, "unchanged", f"issue #{issue.number}: nothing to change: {command}", f"Nothing to record: the playbook already says so.\n\n{said}"
        )
    return Answer(
        issue.number,
        "recorded",
        f"issue #{issue.number}: recorded: {command}",
        f"Recorded: the commit for this issue holds the change, and the playbooks are rebuilt.\n\n{said}",
        commit_message(command, issue.number),
    )


def _changed(git: Git) -> bool:
    return bool(git("status", "--porcelain", "--untracked-files=all").strip())


def _refused(issue: Issue, why: str, comment: str) -> Answer:
    return Answer(issue.number, "refused", f"issue #{issue.number}: {why}", comment)


def _record_anyway(issue: Issue, argv: list[str]) -> str:
    """How to record it anyway: a new issue with ``--force`` (prefilled where the forge allows it)."""
    forced = shlex.join(["playbook-gen", "record", *argv, *([] if "--force" in argv else ["--force"])])
    how = f"To record it anyway, open a new issue with `--force`:\n\n{_fenced([forced], info='shell')}"
    template = new_issue_url(issue.repo_url)
    if template is None:
        return how
    url = (
        template.replace("{title}", urllib.parse.quote(RECORD_TITLE + forced, safe=""))
        .replace("{command}", urllib.parse.quote(forced, safe=""))
        .replace("{body}", urllib.parse.quote(gitlab_issue_description(forced), safe=""))
    )
    return f"{how}\n\n[Record it anyway]({url})"


def _fenced(lines: Iterable[str], *, info: str = "text") -> str:
    """Lines in a code block whose fence no line can close."""
    text = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


# -- GitHub: the issues event --------------------------------------------------------------


def read_event(path: Path) -> dict[str, Any]:
    """The event GitHub wrote to ``$GITHUB_EVENT_PATH``."""
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlaybookError([Problem(str(path), None, f"cannot read the event: {exc.strerror or exc}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlaybookError([Problem(str(path), None, f"not a GitHub event: {exc}")]) from None
    if not isinstance(event, dict) or not isinstance(event.get("issue"), dict):
        raise PlaybookError([Problem(str(path), None, "not a GitHub issues event: it has no issue")])
    return event


def github_answer(event: Mapping[str, Any], *, run: Runner, git: Git, permission: str | None = None) -> Answer:
    """Answer one ``issues`` event: ignored unless opened or reopened with the label; applied only for someone with write access.

    ``permission``: the author's permission on the repository as GitHub's API gives it (admin,
    maintain, write, read, none), when the workflow asked; "unknown" when the question failed.
    """
    raw = event["issue"]
    user = raw.get("user") or {}
    issue = Issue(
        number=int(raw["number"]),
        author=str(user.get("login", "")),
        labels=tuple(str(label.get("name", "")) for label in raw.get("labels") or [] if isinstance(label, dict)),
        body=str(raw.get("body") or ""),
        repo_url=(event.get("repository") or {}).get("html_url"),
    )
    action = str(event.get("action", ""))
    if action not in ("opened", "reopened"):
        return Answer(issue.number, "ignored", f"issue #{issue.number}: {action or 'an action'} records nothing")
    if RECORD_LABEL not in issue.labels:
        return Answer(issue.number, "ignored", f"issue #{issue.number}: not labelled {RECORD_LABEL}: not an issue that records")
    association = str(raw.get("author_association", "NONE"))
    if association not in WRITERS:
        return _outsider(issue, f"@{issue.author} is {association} here")
    if permission is not None and permission not in WRITE_PERMISSIONS:
        if permission == "unknown":
            return _refused(
                issue,
                f"@{issue.author}'s permission could not be checked",
                f"Not recorded: GitHub did not say whether @{issue.author} may write to this repository. Nothing was changed; reopen the issue to try again.",
            )
        return _outsider(issue, f"@{issue.author}'s permission is {permission}")
    return apply_issue(issue, run=run, git=git)


def _outsider(issue: Issue, who: str) -> Answer:
    return _refused(
        issue,
        f"not someone with write access: {who}",
        f"Not recorded: only people with write access to this repository record from an issue, and {who}. Nothing was changed.",
    )


# -- GitLab: the open issues, read by a scheduled pipeline ----------------------------------


def gitlab_answers(issues: Iterable[Mapping[str, Any]], levels: Mapping[int, int], *, run: Runner, git: Git, repo_url: str | None = None) -> list[Answer]:
    """Answer GitLab's open issues labelled ``playbook-record`` (``GET /projects/:id/issues``), oldest first.

    ``levels``: each author's access level in the project (``GET /projects/:id/members/all/:user_id``;
    missing: not a member). An issue from a Developer or higher is applied, and its change
    committed before the next one is read; anyone else's is refused.
    """
    answers = []
    for raw in sorted(issues, key=lambda found: (str(found.get("created_at", "")), int(found["iid"]))):
        author = raw.get("author") or {}
        issue = Issue(
            number=int(raw["iid"]),
            author=str(author.get("username", "")),
            labels=tuple(str(label) for label in raw.get("labels") or []),
            body=str(raw.get("description") or ""),
            repo_url=repo_url,
        )
        if raw.get("state", "opened") != "opened" or RECORD_LABEL not in issue.labels:
            answers.append(Answer(issue.number, "ignored", f"issue #{issue.number}: not an open issue labelled {RECORD_LABEL}"))
            continue
        level = levels.get(int(author.get("id", 0)), 0)
        if level < DEVELOPER:
            answers.append(_outsider(issue, f"@{issue.author} is not a Developer or higher of this project (access level {level})"))
            continue
        answer = apply_issue(issue, run=run, git=git)
        if answer.message is not None:
            commit(answer.message, git=git)
        answers.append(answer)
    return answers


def commit(message: str, *, git: Git) -> None:
    """Commit every change in the work tree with ``message``."""
    git("add", "--all")
    git("commit", "--quiet", "--message", message)


@dataclass(frozen=True)
class GitLab:
    """The few calls of GitLab's REST API (v4) the scheduled pipeline makes, with a project access token."""

    api_url: str  # $CI_API_V4_URL
    project: str  # $CI_PROJECT_ID
    token: str  # $PLAYBOOK_GITLAB_TOKEN: a project access token, Developer role, api scope
    opener: Callable[..., Any] = urllib.request.urlopen

    def open_issues(self) -> list[dict[str, Any]]:
        """Every open issue labelled ``playbook-record``, oldest first, page by page."""
        found: list[dict[str, Any]] = []
        for page in range(1, 101):
            query = urllib.parse.urlencode({"labels": RECORD_LABEL, "state": "opened", "order_by": "created_at", "sort": "asc", "per_page": 100, "page": page})
            batch = self._call("GET", f"/issues?{query}")
            if not isinstance(batch, list):
                raise PlaybookError([Problem("GitLab API", None, "the issues answer is not a list")])
            found.extend(batch)
            if len(batch) < 100:
                break
        return found

    def access_level(self, user_id: int) -> int:
        """The user's access level in the project, inherited ones included; 0 when they are not a member."""
        try:
            member = self._call("GET", f"/members/all/{int(user_id)}")
        except _NotFound:
            return 0
        return int(member.get("access_level", 0)) if isinstance(member, dict) else 0

    def note(self, iid: int, body: str) -> None:
        self._call("POST", f"/issues/{int(iid)}/notes", {"body": body})

    def close(self, iid: int) -> None:
        self._call("PUT", f"/issues/{int(iid)}", {"state_event": "close"})

    def _call(self, method: str, path: str, form: Mapping[str, str] | None = None) -> Any:
        url = f"{self.api_url.rstrip('/')}/projects/{urllib.parse.quote(self.project, safe='')}{path}"
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={"PRIVATE-TOKEN": self.token, "Accept": "application/json"})
        where = f"GitLab API {method} {url.split('?')[0]}"
        try:
            with self.opener(request, timeout=30) as response:
                return json.loads(response.read().decode("utf-8") or "null")
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and method == "GET":
                raise _NotFound(url) from None
            raise PlaybookError([Problem(where, None, f"{exc.code} {exc.reason}")]) from None
        except (urllib.error.URLError, TimeoutError, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PlaybookError([Problem(where, None, str(getattr(exc, "reason", exc)))]) from None


class _NotFound(Exception):
    pass


def run_gitlab(client: GitLab, *, run: Runner, git: Git, branch: str, repo_url: str | None = None) -> list[Answer]:
    """The scheduled pipeline's work: read the open issues, apply them, push the commits, then answer and close each."""
    issues = client.open_issues()
    authors = {int((issue.get("author") or {}).get("id", 0)) for issue in issues}
    levels = {author: client.access_level(author) for author in sorted(authors) if author}
    answers = gitlab_answers(issues, levels, run=run, git=git, repo_url=repo_url)
    if any(answer.message is not None for answer in answers):
        git("push", "--quiet", "origin", f"HEAD:refs/heads/{branch}")  # before any answer: an issue is closed only once its change is in
    for answer in answers:
        if answer.comment is not None:
            client.note(answer.issue, answer.comment)
            client.close(answer.issue)
    return answers


__all__ = [
    "DEVELOPER",
    "TRAILER",
    "WRITERS",
    "WRITE_PERMISSIONS",
    "Answer",
    "GitLab",
    "Issue",
    "applied_by",
    "apply_issue",
    "command_in",
    "commit",
    "commit_message",
    "git_in",
    "github_answer",
    "gitlab_answers",
    "read_event",
    "run_gitlab",
]
