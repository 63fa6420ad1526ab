"""The exact ``playbook-gen`` commands the site prints, one function per event of SPEC §8.

Every page, the attention list and the refusals take their commands from here,
so what a salesperson copies is what the command line parses. Each command is
built as a list of arguments and joined with :func:`shlex.join`: an argument
that is profile text (a role, a statement, what you gave) stays one argument
when pasted into a shell, whatever it holds.
"""

from __future__ import annotations

import shlex

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
