"""The exact ``playbook-gen`` commands the site prints, one function per event of SPEC §8.

Every page, the attention list and the refusals take their commands from here,
so what a salesperson copies is what the command line parses. Each command is
built as a list of arguments and joined with :func:`shlex.join`: an argument
that is profile text (a role, a statement, what you gave) stays one argument
when pasted into a shell, whatever it holds.
"""

from __future__ import annotations

import shlex
from urllib.parse import urlsplit

PROGRAM = "playbook-gen"


def _command(*args: str | None) -> str:
    return shlex.join([PROGRAM, *(arg for arg in args if arg is not None)])


def _person(contact_id: str | None, role: str | None) -> tuple[str, str]:
    return ("--contact", contact_id) if contact_id is not None else ("--role", role or "")


def record_ask_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None, salesperson: str | None = None) -> str:
    """The command that records this ask; pasted in the repository, it writes it down.

    ``salesperson``: for a connector shared with colleagues, who asks (written as the ask's ``by``).
    """
    by = ("--salesperson", salesperson) if salesperson else (None, None)
    return _command("record", "ask", connector_id, *_person(contact_id, role), *by)


def record_answer_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None, result: str = "introduced") -> str:
    """The command that records the answer to an open ask (``checking``, ``introduced``, ``declined`` or ``no-answer``)."""
    return _command("record", "answer", connector_id, *_person(contact_id, role), result)


def record_thanked_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None, occasion: str | None = None) -> str:
    """The command that records one thank-you (``occasion``: introduction, meeting or outcome), which ends its reminder."""
    for_ = ("--for", occasion) if occasion is not None else (None, None)
    return _command("record", "thanked", connector_id, *_person(contact_id, role), *for_)


def record_contacted_command(customer_id: str) -> str:
    """The command that records a conversation with a connector (their ``last_contact``)."""
    return _command("record", "contacted", customer_id)


def record_gave_command(customer_id: str, what: str) -> str:
    """The command that records something you did for a connector."""
    return _command("record", "gave", customer_id, what)


def record_stage_command(contact_id: str, stage: str) -> str:
    """The command that moves a contact to a stage."""
    return _command("record", "stage", contact_id, stage)


def record_outcome_command(contact_id: str, statement: str, *, importance: int, satisfaction: int) -> str:
    """The command that records an outcome the contact wants (1-10 each)."""
    return _command("record", "outcome", contact_id, statement, "--importance", str(importance), "--satisfaction", str(satisfaction))


def record_form_command(event: str, profile_id: str) -> str:
    """The start of a command a page's form completes (``stage``, ``outcome``, ``gave``): the form's fields follow, each quoted as :func:`shlex.quote` quotes it."""
    return _command("record", event, profile_id)


# Recording on a hosted playbook (SPEC §12): a button opens a new issue in the playbook's
# repository holding the one command; the repository's workflow applies it. The page and
# the workflow read the same format from here.

RECORD_LABEL = "playbook-record"
"""The label an issue to apply carries (GitHub's issue form sets it; GitLab's quick action in the description)."""
RECORD_TITLE = "Record: "
"""How the title of an issue to apply starts; the command follows."""
ISSUE_FORM = "record.yml"
"""GitHub's issue form, ``.github/ISSUE_TEMPLATE/record.yml``, written by ``init``."""
ISSUE_FIELD = "command"
"""The id of the form's one field, which holds the command."""


UNDATED_EVENTS = ("outcome",)
"""The ``record`` commands without ``--date`` (an outcome is what the contact wants, not an event of a day)."""


def issue_body(command: str) -> str:
    """The issue's text as GitHub renders the form's field (a heading and the command in a shell code block)."""
    return f"### Command\n\n```shell\n{command}\n```"


def gitlab_issue_description(command: str) -> str:
    """A GitLab issue's description: the same command block, and the quick action that labels it (GitLab removes that line)."""
    return f"{issue_body(command)}\n\n/label ~{RECORD_LABEL}"


def new_issue_url(repo_url: str | None) -> str | None:
    """The address that opens a prefilled new issue, with ``{title}``, ``{command}`` and ``{body}`` left for the page to fill
    (each URL-encoded); None when the repository is not on github.com or gitlab.com."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url.strip())
    path = "/".join(segment for segment in parts.path.split("/") if segment)
    if parts.scheme != "https" or path.count("/") < 1 or any(c in path for c in "{}?#%"):
        return None
    if path.endswith(".git"):
        path = path[: -len(".git")]
    host = (parts.hostname or "").lower()
    if host == "github.com" and path.count("/") == 1:
        return f"https://github.com/{path}/issues/new?template={ISSUE_FORM}&labels={RECORD_LABEL}&title={{title}}&{ISSUE_FIELD}={{command}}"
    if host == "gitlab.com":
        return f"https://gitlab.com/{path}/-/issues/new?issue%5Btitle%5D={{title}}&issue%5Bdescription%5D={{body}}"
    return None
