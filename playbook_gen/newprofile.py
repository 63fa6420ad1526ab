"""``playbook-gen new``: a new profile file with every key and its default, as a commented template.

The template is made from the same models that validate profiles, so a key
added to a model shows up here; the file passes ``check`` as written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, get_args

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .edit.changes import FileChange
from .ids import id_from_name, is_valid_id
from .kinds import BY_NAME, reserved_reason
from .method import OFFER_PLACEHOLDER
from .names import clean_name
from .problems import PlaybookError, Problem

NEW_KINDS = ("customer", "contact", "salesperson")
"""The kinds ``playbook-gen new`` writes (question banks are written by hand)."""
INTRODUCTIONS = {
    "customer": "A customer: a connector who can introduce you to one person at a time.",
    "contact": "A target contact: someone you would like to be introduced to.",
    "salesperson": "A salesperson: whose playbook this is.",
}
# What each key means (SPEC section 3), for the keys whose model field has no description.
HINTS = {
    "name": "full name",
    "company": "",
    "role": "",
    "industry": "",
    "email": "",
    "phone": "quote phone numbers",
    "linkedin": "the LinkedIn profile URL, e.g. https://www.linkedin.com/in/dana-ruiz",
    "owner": "salesperson id or list; required when there are several",
    "target_roles": "roles you want role asks for, e.g. [accountant]",
    "asks_per_week": "",
    "last_contact": "a date, YYYY-MM-DD",
    "keep_in_touch_days": "how often to be in touch, in days (default by relationship: 5 -> 30, 4 -> 60, 3 -> 90, 2 -> 180, 1 -> 365)",
    "gave": "what you did for them, e.g. [{date: 2026-11-20, what: Introduced her to a freight broker}] (playbook-gen record gave)",
    "recent_project": "credential for role asks, e.g. {title: Close redesign, finished: 2026-09-18, result: Close in five days}",
    "knows": "people they can introduce, e.g. [{contact: dana-ruiz, strength: 4, how: Same rowing club}]",
    "their": "role-persons they have, e.g. [accountant, financial advisor]",
    "do_not_ask": "true: never planned",
    "asks": "every ask made of them, e.g. [{contact: dana-ruiz, date: 2026-11-02, result: pending}]; "
    "role: instead of contact: for one of their people; result: pending, checking, introduced, declined or no-answer; "
    "answered: the date of the final answer; thanked:, thanked_meeting:, thanked_outcome: the three thank-yous "
    "(playbook-gen record writes them all)",
    "why": "one sentence: why you want to meet them",
    "priority": "1 = highest",
    "stage": "",
    "known_by": "customers who can introduce them, e.g. [{customer: priya-raman, strength: 3, how: Same board}]",
    "jobs": "jobs you believe they are trying to get done",
    "outcomes": "after the first conversation, e.g. [{statement: Know the cash position early, importance: 9, satisfaction: 3}]",
    "tags": "matched against question banks",
    "met": "the date of the first conversation",
    "closed": "when the stage became won, lost or parked",
}
HINT_COLUMN = 30


def profile_file(docs_dir: Path, *, kind: str, name: str, owner: str | None, profile_id: str | None, salespeople: list[str]) -> FileChange:
    """The new file ``docs/<kind>/<id>.md``, to be written (refused when the id is taken, invalid or reserved).

    ``salespeople`` are the ids already in the repository.
    """
    folder, model = BY_NAME[kind].folder, BY_NAME[kind].model
    # Given and family name (SPEC §3): titles and post-nominals ("Dr.", "MD", "Esq.") stay out of the name and the id.
    name = clean_name(name).name or name.strip()
    profile_id = _profile_id(name, profile_id, folder=folder)
    path = docs_dir / folder / f"{profile_id}.md"
    display = f"{docs_dir.name}/{folder}/{profile_id}.md"
    owner_line = _owner(kind, owner=owner, salespeople=salespeople, display=display)
    if os.path.lexists(path):
        raise PlaybookError([Problem(display, None, "already exists; nothing was written (choose another id with --id)")])
    text = profile_template(kind, model, name=name, owner=owner_line)
    return FileChange(path, display, None, text.encode("utf-8"), "new profile")


def write_profile(docs_dir: Path, *, kind: str, name: str, owner: str | None, profile_id: str | None, salespeople: list[str]) -> Path:
    """Write ``docs/<kind>/<id>.md`` at once, into a repository nobody else writes yet (``init``'s); never overwrites."""
    new = profile_file(docs_dir, kind=kind, name=name, owner=owner, profile_id=profile_id, salespeople=salespeople)
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("xb") as new_file:  # "x": fails if the file exists, even one created a moment ago
            new_file.write(new.after or b"")
    except FileExistsError:
        raise PlaybookError([Problem(new.display_path, None, "already exists; nothing was written (choose another id with --id)")]) from None
    return new.path


def _profile_id(name: str, wanted: str | None, *, folder: str) -> str:
    if not name:
        raise PlaybookError([Problem("new", None, "the name is empty")])
    if wanted is not None:
        if not is_valid_id(wanted):
            raise PlaybookError([Problem("--id", None, f"'{wanted}' is not a valid id: use lowercase ASCII letters, digits and single hyphens")])
        made, where = wanted, "--id"
    else:
        made, where = id_from_name(name), "new"
        if not is_valid_id(made):
            raise PlaybookError([Problem("new", None, f"cannot make an id from '{name}'; give one with --id")])
    reserved = reserved_reason(folder, made)
    if reserved is not None:
        raise PlaybookError([Problem(where, None, f"{reserved}; give another id with --id (for instance {made}-2)")])
    return made


def _owner(kind: str, *, owner: str | None, salespeople: list[str], display: str) -> str | None:
    """The owner to write, checked against the salespeople; required when there are several."""
    known = ", ".join(salespeople) if salespeople else "none yet"
    if kind == "salesperson":
        if owner is not None:
            raise PlaybookError([Problem(display, None, "--owner is for customers and contacts, not salespeople")])
        return None
    if owner is not None:
        if owner not in salespeople:
            raise PlaybookError([Problem(display, None, f"--owner: no salesperson '{owner}'; salespeople are: {known}")])
        return owner
    if len(salespeople) > 1:
        raise PlaybookError([Problem(display, None, f"there are several salespeople ({known}): say whose {kind} it is with --owner ID")])
    return None


def profile_template(kind: str, model: type[BaseModel], *, name: str, owner: str | None) -> str:
    """The front matter: required keys filled in, every other key commented out with its default."""
    lines = ["---", f"# {INTRODUCTIONS[kind]}", "# Uncomment a line to change it; each commented value is the default."]
    for key, field in model.model_fields.items():
        hint = _hint(key, field)
        if key == "name":
            lines.append(_line(f"name: {_quoted(name)}", "required"))
        elif key == "offer":
            lines.append(_line(f"offer: {_quoted(OFFER_PLACEHOLDER)}", "required: what you help people do, in their words"))
        elif key == "owner" and owner is not None:
            lines.append(_line(f"owner: {owner}", hint))
        else:
            lines.append(_line(f"# {key}: {_default(field)}".rstrip(), hint))
    lines += ["---", ""]
    return "\n".join(lines) + "\n"


def _line(entry: str, hint: str) -> str:
    return f"{entry.ljust(HINT_COLUMN)} # {hint}" if hint else entry


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _default(field: FieldInfo) -> str:
    """The default as YAML; nothing for "not set"."""
    value: Any = field.get_default(call_default_factory=True)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


def _hint(key: str, field: FieldInfo) -> str:
    """What the key means, with its range or choices."""
    meaning = HINTS.get(key) or (field.description or "").rstrip(".")
    meaning = meaning[:1].lower() + meaning[1:]
    bounds = {type(m): m for m in field.metadata}
    low, high = bounds.get(annotated_types.Ge), bounds.get(annotated_types.Le)
    if low is not None and high is not None:
        meaning = f"{low.ge}–{high.le}" + (f": {meaning}" if meaning else "")
    choices = get_args(field.annotation) if key == "stage" else ()
    if choices:
        meaning = "one of " + ", ".join(choices)
    return meaning
