"""The exact ``playbook-gen record`` commands the site prints beside each planned and pending ask."""

from __future__ import annotations

import shlex


def _person(contact_id: str | None, role: str | None) -> str:
    # shlex.quote: a role is profile text; pasted in a shell it stays one argument, whatever it holds.
    return f"--contact {contact_id}" if contact_id is not None else f"--role {shlex.quote(role or '')}"


def record_ask_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None, salesperson: str | None = None) -> str:
    """The command that records this ask; pasted in the repository, it writes it down.

    ``salesperson``: for a connector shared with colleagues, who asks (written as the ask's ``by``).
    """
    by = f" --salesperson {salesperson}" if salesperson else ""
    return f"playbook-gen record ask {connector_id} {_person(contact_id, role)}{by}"


def record_answer_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None, result: str = "introduced") -> str:
    """The command that records the answer to a pending ask (``introduced``, ``declined`` or ``no-answer``)."""
    return f"playbook-gen record answer {connector_id} {_person(contact_id, role)} {result}"


def record_thanked_command(connector_id: str, *, contact_id: str | None = None, role: str | None = None) -> str:
    """The command that records the thank-you for an introduction, which ends its reminder."""
    return f"playbook-gen record thanked {connector_id} {_person(contact_id, role)}"
