"""The editor every writing command works through: the profiles one command changes, opened once each.

It finds profiles by id (one clear line for an unknown or broken one), opens
them with the round-trip front-matter editor, refuses a file that has an error
of its own, validates the changes with the whole playbook (:mod:`.changes`) and
writes them all or none (:mod:`.journal`). ``record``, ``forget``, ``rename``
and ``import`` all use it, inside :func:`.writing.one_writer`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..book import Book
from ..books import book_for
from ..kinds import BY_FOLDER, KINDS
from ..model import Contact, Customer, Salesperson
from ..playbook import Playbook, Profile
from ..problems import PlaybookError, Problem, errors
from .changes import FileChange, validate
from .frontmatter import FrontMatterDocument
from .journal import refuse_links, write_all


@dataclass
class Editor:
    """The profiles one command changes, opened once each; nothing is written until :meth:`apply`."""

    playbook: Playbook
    root: Path
    today: date
    command: str = "playbook-gen"  # what the journal says was interrupted, if it was
    _documents: dict[Path, FrontMatterDocument] = field(default_factory=dict)
    _removed: dict[Path, tuple[str, bytes, str]] = field(default_factory=dict)
    _copied: dict[Path, tuple[str, bytes, str]] = field(default_factory=dict)
    _files: dict[Path, tuple[str, bytes | None, bytes, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # -- finding profiles ---------------------------------------------------------

    def customer(self, customer_id: str) -> Profile[Customer]:
        return self.find("customers", customer_id)

    def contact(self, contact_id: str) -> Profile[Contact]:
        return self.find("contacts", contact_id)

    def salesperson(self, salesperson_id: str) -> Profile[Salesperson]:
        return self.find("salespeople", salesperson_id)

    def find(self, folder: str, profile_id: str) -> Any:
        found = self._profiles(folder).get(profile_id)
        if found is not None:
            return found
        display = f"docs/{folder}/{profile_id}.md"
        broken = [p for p in errors(self.playbook.problems) if p.path.endswith(display)]
        if broken:
            raise PlaybookError([not_edited(p) for p in broken])
        kind = BY_FOLDER[folder].name
        close = difflib.get_close_matches(profile_id, sorted(self._profiles(folder)), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise PlaybookError([Problem(display, None, f"no {kind} '{profile_id}': there is no {display}{hint}")])

    def _profiles(self, folder: str) -> dict[str, Profile[Any]]:
        return getattr(self.playbook, BY_FOLDER[folder].attribute)

    def book_for(self, salesperson_id: str) -> Book:
        """One salesperson's view, for the rules an ask of theirs must keep."""
        return book_for(self.playbook, salesperson_id, today=self.today, strict=False, team=False)

    def book_of(self, *profiles: Profile[Any]) -> Book:
        """The plan's view of the salesperson these profiles belong to (the first owner they share)."""
        shared = set(self.playbook.owners_of(profiles[0]))
        for profile in profiles[1:]:
            shared &= set(self.playbook.owners_of(profile))
        owner = min(shared) if shared else min(self.playbook.owners_of(profiles[0]) or self.playbook.salespeople)
        return book_for(self.playbook, owner, today=self.today, strict=False, team=False)  # refusals need no plan

    # -- opening files ------------------------------------------------------------

    def document(self, profile: Profile[Any]) -> FrontMatterDocument:
        """A profile opened for editing; a file with an error of its own is refused (nothing is edited)."""
        path = profile.source.path
        if path not in self._documents:
            own = [p for p in errors(self.playbook.problems) if p.path == profile.source.display_path]
            if own:
                raise PlaybookError([not_edited(p) for p in own])
            self._documents[path] = FrontMatterDocument.parse(path, path.read_bytes(), display_path=profile.source.display_path)
        return self._documents[path]

    def create(self, folder: str, profile_id: str, data: dict[str, Any], *, body: str = "", summary: str = "new profile") -> FrontMatterDocument:
        path = self.playbook.docs_dir / folder / f"{profile_id}.md"
        display = self.display(path)
        if os.path.lexists(path) or path in self._documents:
            raise PlaybookError([Problem(display, None, "already exists; nothing was written")])
        document = FrontMatterDocument.new(path, display_path=display, data=data, body=body)
        document.changes[:] = [summary]
        self._documents[path] = document
        return document

    def move(self, profile: Profile[Any], *, folder: str, new_id: str) -> None:
        """The profile's file under a new id, byte for byte."""
        path = self.playbook.docs_dir / folder / f"{new_id}.md"
        display = self.display(path)
        if os.path.lexists(path) or new_id in self._profiles(folder):
            raise PlaybookError([Problem(display, None, "already exists; choose another id (nothing was written)")])
        old_display = profile.source.display_path
        self.remove(profile, summary=f"renamed to {display}")
        self._copied[path] = (display, profile.source.path.read_bytes(), f"renamed from {old_display}")

    def remove(self, profile: Profile[Any], *, summary: str = "removed") -> None:
        self.document(profile)  # refuses a file with an error of its own
        path = profile.source.path
        self._removed[path] = (profile.source.display_path, path.read_bytes(), summary)
        self._documents.pop(path, None)

    def write(self, path: Path, *, before: bytes | None, after: bytes, summary: str) -> None:
        """Any other file of the repository (``.playbook-forgotten``), written with the profiles, all or none."""
        self._files[path] = (self.display(path), before, after, summary)

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # -- writing ------------------------------------------------------------------

    def changes(self) -> list[FileChange]:
        found = []
        for path, document in self._documents.items():
            after = document.render()
            if after != document.original or not document.original:
                found.append(FileChange(path, document.display_path, document.original or None, after, "; ".join(document.changes)))
        for path, (display, before, summary) in self._removed.items():
            found.append(FileChange(path, display, before, None, summary))
        for path, (display, after, summary) in self._copied.items():
            found.append(FileChange(path, display, None, after, summary))
        for path, (display, old, new, summary) in self._files.items():
            if new != old:
                found.append(FileChange(path, display, old, new, summary))
        return sorted(found, key=lambda change: change.display_path)

    def apply(self, *, dry_run: bool) -> list[FileChange]:
        """Validate the changes with the whole playbook, then write them all (unless ``dry_run``)."""
        changes = self.changes()
        if not changes:
            return []
        refuse_links([change.path for change in changes], root=self.root)
        validate(changes, playbook=self.playbook, root=self.root)
        if not dry_run:
            write_all(changes, root=self.root, command=self.command)
        return changes

    def profiles_with_id(self, profile_id: str) -> dict[str, Profile[Any]]:
        """Every profile of any kind with this id, by kind."""
        return {kind.name: p for kind in KINDS if (p := self._profiles(kind.folder).get(profile_id)) is not None}


def not_edited(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, f"{problem.message} (fix this first: a file with an error is not edited)")
