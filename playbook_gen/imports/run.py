"""``playbook-gen import``: rows become profiles through the one front-matter editor, without duplicates (SPEC §9).

Every row is matched (:mod:`.match`) against the customers *and* contacts
already in the playbook and the rows above it. A certain match of the kind
imported fills only that profile's empty keys: it never overwrites a value and
never touches notes or comments. A certain match of the other kind creates
nothing ("already a customer"). A near match is listed for review and left
alone. A person ``forget`` erased is skipped. Every row is counted once, and
every row that neither created nor updated a profile gets its own line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edit.editor import Editor
from ..edit.frontmatter import keys_before
from ..forgotten import Forgotten
from ..ids import free_id, id_from_name
from ..kinds import reserved_ids
from ..model import Contact, Customer
from ..names import clean_name
from ..problems import PlaybookError, Problem
from .errors import SourceError
from .match import Known, Match, People
from .sources import Row, read_csv, read_linkedin
from .vcard import read_vcard

KEYS = ("name", "company", "role", "email", "phone", "linkedin")
"""The keys of SPEC §3 an import can fill, for customers and contacts alike."""
MODELS: dict[str, type[Customer] | type[Contact]] = {"customers": Customer, "contacts": Contact}
KIND_NAMES = {"customers": "customer", "contacts": "contact"}


@dataclass
class Report:
    """What an import did: one count per row, and one line per row that created nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    review: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped + self.review

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped, {self.review} needs review"


def read_rows(kind: str, path: Path, *, mapping: dict[str, str]) -> Iterator[Row]:
    """The rows of one export file, read as they are used; a file of another kind, or one that cannot be
    read, is one ``path:line: message`` error (raised before anything is written)."""
    display = path.as_posix()
    try:
        if kind == "linkedin":
            yield from read_linkedin(path)
        elif kind == "vcard":
            yield from read_vcard(path)
        else:
            yield from read_csv(path, mapping=mapping)
    except SourceError as exc:
        raise PlaybookError([Problem(display, exc.line, str(exc))]) from None
    except OSError as exc:
        raise PlaybookError([Problem(display, None, f"cannot be read: {exc.strerror or exc}")]) from None


def _known_people(editor: Editor) -> People:
    people = People()
    for folder in ("customers", "contacts"):
        for profile in getattr(editor.playbook, folder).values():
            data = profile.data
            people.add(Known(folder, profile.id, clean_name(data.name), data.company, data.email, data.linkedin))
    return people


@dataclass
class _Import:
    """One import run: the playbook's people, the profiles this run creates, and its report."""

    editor: Editor
    folder: str
    owner: str | None
    people: People
    forgotten: Forgotten
    taken: set[str]
    created: dict[str, dict[str, Any]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)

    def row(self, row: Row) -> None:
        report = self.report
        if row.skip is not None or row.person is None:
            report.skipped += 1
            report.lines.append(f"row {row.number}: skipped: {row.skip or 'no name'}")
            return
        values = {key: row.values[key] for key in KEYS if row.values.get(key)}
        company, email, linkedin = values.get("company"), values.get("email"), values.get("linkedin")
        forgotten = self.forgotten.knows(name=row.person, company=company, email=email, linkedin=linkedin)
        if forgotten is not None:
            report.skipped += 1
            report.lines.append(f"row {row.number}: skipped: {values['name']} was forgotten (erased with playbook-gen forget; same {_key_words(forgotten)})")
            return
        match = self.people.match(person=row.person, company=company, email=email, linkedin=linkedin)
        if match.known is None:
            self._create(row, values)
        elif not match.certain:
            report.review += 1
            report.lines.append(f"row {row.number}: needs review: {_who(values)} and {_where(match.known)} ({_their(match)}): {match.reason}; not merged")
        elif match.known.kind != self.folder:
            report.skipped += 1
            report.lines.append(
                f"row {row.number}: skipped: already a {KIND_NAMES[match.known.kind]}: {match.known.key} ({match.reason}; {match.known.display_path})"
            )
        else:
            self._merge(row, values, match)

    def _create(self, row: Row, values: dict[str, str]) -> None:
        profile_id = free_id(id_from_name(values["name"]) or "person", self.taken, reserved=reserved_ids(self.folder))
        self.taken.add(profile_id)
        data: dict[str, Any] = dict(values)
        if self.owner is not None:
            data["owner"] = self.owner
        self.created[profile_id] = data
        self.report.created += 1
        self.people.add(
            Known(
                self.folder,
                profile_id,
                row.person or clean_name(values["name"]),
                values.get("company"),
                values.get("email"),
                values.get("linkedin"),
                row=row.number,
            )
        )

    def _merge(self, row: Row, values: dict[str, str], match: Match) -> None:
        known = match.known
        assert known is not None
        filled = self._fill(known.key, values)
        where = _where(known)
        if filled:
            self.report.updated += 1
            self.report.lines.append(f"row {row.number}: updated {where}: filled {', '.join(filled)} ({match.reason})")
            self.people.learned(known, email=values.get("email"), linkedin=values.get("linkedin"), company=values.get("company"))
        else:
            self.report.unchanged += 1
            self.report.lines.append(f"row {row.number}: unchanged: {where} already says it ({match.reason})")

    def _fill(self, profile_id: str, values: dict[str, str]) -> list[str]:
        """The profile's empty keys this row can fill (never a value already there); returns the keys filled."""
        if profile_id in self.created:  # a row above made it: complete the profile about to be written
            data = self.created[profile_id]
            missing = [key for key in KEYS if key in values and not data.get(key)]
            for key in missing:
                data[key] = values[key]
            self.created[profile_id] = {key: data[key] for key in (*KEYS, "owner") if key in data}  # in the docs' order
            return missing
        profile = getattr(self.editor.playbook, self.folder)[profile_id]
        document = self.editor.document(profile)
        missing = [key for key in KEYS if key in values and document.data.get(key) in (None, "")]
        for key in missing:
            document.set(key, values[key], after=keys_before(MODELS[self.folder], key))
        if missing:
            document.changes.append("filled " + ", ".join(missing))
        return missing


def _where(known: Known) -> str:
    """The profile's file, and the row of this import that makes it, when one does."""
    return known.display_path + (f", made from row {known.row}" if known.row is not None else "")


def _who(values: dict[str, str]) -> str:
    return f"{values['name']} ({values.get('company') or 'no company'})"


def _their(match: Match) -> str:
    known = match.known
    assert known is not None
    return known.company or "no company"


def _key_words(kind: str) -> str:
    return {"email": "email", "linkedin": "LinkedIn profile", "name": "name and company"}[kind]


def import_rows(editor: Editor, rows: Iterable[Row], *, folder: str, owner: str | None) -> Report:
    """Create or complete one profile per row; earlier rows and existing profiles of both kinds are matched first."""
    playbook = editor.playbook
    if owner is not None:
        editor.salesperson(owner)
    elif len(playbook.salespeople) > 1:
        ids = ", ".join(sorted(playbook.salespeople))
        raise PlaybookError([Problem(f"docs/{folder}", None, f"there are several salespeople ({ids}): say whose they are with --owner ID")])
    taken = set(getattr(playbook, folder)) | {p.stem for p in (playbook.docs_dir / folder).glob("*.md")}
    run = _Import(editor, folder, owner, _known_people(editor), Forgotten.load(editor.root), taken)
    for row in rows:
        run.row(row)
    for profile_id, data in run.created.items():
        editor.create(folder, profile_id, data, summary="new profile, imported")
    return run.report
