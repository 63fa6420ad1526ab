"""``playbook-gen import``: rows become profiles through the one front-matter editor, without duplicates (SPEC §9).

A row that matches a profile (or an earlier row) fills only that profile's
empty keys: it never overwrites a value and never touches notes or comments.
A near match that is not certain is listed for review and left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edit.editor import Editor
from ..edit.frontmatter import keys_before
from ..ids import id_from_name
from ..model import Contact, Customer
from ..problems import PlaybookError, Problem
from .match import Known, People
from .sources import Row, SourceError, linkedin_url, read_csv, read_linkedin, read_vcard

KEYS = {"customers": ("name", "company", "role", "email", "phone", "linkedin"), "contacts": ("name", "company", "role", "linkedin")}
"""The keys of SPEC §3 each kind has that an import can fill (contacts have no email or phone)."""
MODELS = {"customers": Customer, "contacts": Contact}


@dataclass
class Report:
    """What an import did, for its summary line and the lines about single rows."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.review)} needs review"
        )


def read_rows(kind: str, path: Path, *, mapping: dict[str, str]) -> list[Row]:
    """The rows of one export file; a file of another kind is one error line naming it."""
    display = path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError([Problem(display, None, f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        if kind == "linkedin":
            return read_linkedin(raw)
        if kind == "vcard":
            return read_vcard(raw)
        return read_csv(raw, mapping=mapping)[1]
    except SourceError as exc:
        raise PlaybookError([Problem(display, None, str(exc))]) from None


def import_rows(editor: Editor, rows: list[Row], *, folder: str, owner: str | None) -> Report:
    """Create or complete one profile per row; earlier rows and existing profiles are matched first."""
    playbook = editor.playbook
    profiles = getattr(playbook, folder)
    if owner is not None:
        editor.salesperson(owner)
    elif len(playbook.salespeople) > 1:
        ids = ", ".join(sorted(playbook.salespeople))
        raise PlaybookError([Problem(f"docs/{folder}", None, f"there are several salespeople ({ids}): say whose they are with --owner ID")])
    people = People()
    for profile in profiles.values():
        data = profile.data
        people.add(Known(profile.id, data.name, data.company, getattr(data, "email", None), linkedin_url(getattr(data, "linkedin", None))))
    taken = set(profiles) | {p.stem for p in (playbook.docs_dir / folder).glob("*.md")}
    report = Report()
    created: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.skip is not None:
            report.skipped.append(f"row {row.number}: skipped: {row.skip}")
            continue
        values = {key: value for key, value in row.values.items() if key in KEYS[folder]}
        match = people.match(name=values["name"], company=values.get("company"), email=row.get("email"), linkedin=row.get("linkedin"))
        if match.known is not None and not match.certain:
            report.review.append(
                f"row {row.number}: needs review: {values['name']} ({values.get('company') or 'no company'}) and docs/{folder}/{match.known.key}.md "
                f"({match.known.company or 'no company'}): {match.reason}; not merged"
            )
            continue
        if match.known is None:
            profile_id = _free_id(values["name"], taken)
            taken.add(profile_id)
            data = {key: values[key] for key in KEYS[folder] if key in values}
            if owner is not None:
                data["owner"] = owner
            created[profile_id] = data
            report.created.append(profile_id)
            people.add(Known(profile_id, values["name"], values.get("company"), row.get("email"), row.get("linkedin")))
            continue
        filled = _fill(editor, folder, match.known.key, values, created=created)
        if filled:
            if match.known.key not in report.created and match.known.key not in report.updated:
                report.updated.append(match.known.key)
        else:
            report.unchanged += 1
    for profile_id, data in created.items():
        editor.create(folder, profile_id, data, summary="new profile, imported")
    return report


def _fill(editor: Editor, folder: str, profile_id: str, values: dict[str, str], *, created: dict[str, dict[str, Any]]) -> list[str]:
    """The profile's empty keys this row can fill (never a value already there); returns the keys filled."""
    model = MODELS[folder]
    if profile_id in created:  # an earlier row of this file: complete the profile about to be written
        data = created[profile_id]
        missing = [key for key in KEYS[folder] if key in values and not data.get(key)]
        for key in missing:
            data[key] = values[key]
        created[profile_id] = {key: data[key] for key in (*KEYS[folder], "owner") if key in data}  # in the docs' order
        return missing
    profile = getattr(editor.playbook, folder)[profile_id]
    missing = [key for key in KEYS[folder] if key in values and getattr(profile.data, key, None) in (None, "")]
    if not missing:
        return []
    document = editor.document(profile)
    for key in missing:
        document.set(key, values[key], after=keys_before(model, key))
    document.changes.append("filled " + ", ".join(missing))
    return missing


def _free_id(name: str, taken: set[str]) -> str:
    """The id ``new`` makes from the name; a taken one gets ``-2``, ``-3``…"""
    base = id_from_name(name) or "person"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate

