"""A whole playbook repository: every profile read, validated and cross-checked.

``load_playbook`` reads ``docs/{salespeople,customers,contacts,questions}/*.md``
once; ``Playbook.book_for`` gives the view of one salesperson that the
planner and the pages work from.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .ids import is_valid_id
from .model import KINDS, Contact, Customer, QuestionBank, Salesperson, owners_of
from .problems import Problem
from .profiles import FrontMatter, KeyPath, ProfileReadError, dotted_key, read_profile, strip_private

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Source:
    """Where a profile came from."""

    path: Path  # absolute
    display_path: str  # as printed in problems, relative to the repository root
    src_uri: str  # relative to docs_dir, as MkDocs names it
    front_matter: FrontMatter

    def line_of(self, key_path: KeyPath) -> int:
        return self.front_matter.line_of(key_path)

    def problem(self, key_path: KeyPath, message: str, *, severity: str = "error") -> Problem:
        key = dotted_key(key_path)
        text = f"{key}: {message}" if key else message
        return Problem(self.display_path, self.line_of(key_path), text, severity)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Profile(Generic[M]):
    """One validated profile: its id, its front matter as a model, its public notes."""

    id: str
    data: M
    source: Source

    @property
    def notes(self) -> str:
        return self.source.front_matter.body

    @property
    def owners(self) -> tuple[str, ...]:
        return owners_of(getattr(self.data, "owner", None))


@dataclass(frozen=True)
class Edge:
    """A connector who can introduce a target, merged from ``knows`` and ``known_by``."""

    connector: str
    target: str
    strength: int
    how: str | None


@dataclass
class Playbook:
    """Every profile of a repository, and every problem found in it."""

    docs_dir: Path
    salespeople: dict[str, Profile[Salesperson]] = field(default_factory=dict)
    customers: dict[str, Profile[Customer]] = field(default_factory=dict)
    contacts: dict[str, Profile[Contact]] = field(default_factory=dict)
    banks: dict[str, Profile[QuestionBank]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Files that could not be validated, with the owners their raw front matter names (None: unknown).
    broken_owners: dict[str, tuple[str, ...] | None] = field(default_factory=dict)

    def problems_for(self, salesperson: str | None) -> list[Problem]:
        """The problems that concern one salesperson's build (all of them for ``None``)."""
        if salesperson is None:
            return sorted(self.problems)
        owners = self._owners_by_display_path()
        kept = []
        for problem in self.problems:
            file_owners = owners.get(problem.path)
            if file_owners is None or not file_owners or salesperson in file_owners:
                kept.append(problem)
        return sorted(kept)

    def _owners_by_display_path(self) -> dict[str, tuple[str, ...] | None]:
        owners: dict[str, tuple[str, ...] | None] = dict(self.broken_owners)
        for people in (self.customers, self.contacts):
            for person in people.values():
                owners[person.source.display_path] = person.owners or self._default_owner()
        for salesperson in self.salespeople.values():
            owners[salesperson.source.display_path] = (salesperson.id,)
        return owners

    def _default_owner(self) -> tuple[str, ...]:
        return tuple(self.salespeople) if len(self.salespeople) == 1 else ()

    def owners_of(self, profile: Profile[Any]) -> tuple[str, ...]:
        """A profile's owners, defaulting to the only salesperson."""
        return profile.owners or self._default_owner()


def load_playbook(docs_dir: Path, *, root: Path | None = None) -> Playbook:
    """Read and validate every profile under ``docs_dir``; problems are collected, not raised."""
    docs_dir = docs_dir.resolve()
    root = (root or docs_dir.parent).resolve()
    playbook = Playbook(docs_dir=docs_dir)
    for kind, model in KINDS.items():
        folder = docs_dir / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix != ".md" or path.name.startswith("."):
                continue
            display = _display_path(path, root)
            profile = _load_one(path, kind=kind, model=model, docs_dir=docs_dir, display=display, playbook=playbook)
            if profile is not None:
                getattr(playbook, "banks" if kind == "questions" else kind)[profile.id] = profile
    _check_owners(playbook)
    _merge_edges(playbook)
    return playbook


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_one(path: Path, *, kind: str, model: type[M], docs_dir: Path, display: str, playbook: Playbook) -> Profile[M] | None:
    profile_id = path.stem
    if not is_valid_id(profile_id):
        playbook.problems.append(
            Problem(display, None, f"'{path.name}' is not a valid id: use lowercase ASCII letters, digits and single hyphens (like dana-ruiz.md)")
        )
        playbook.broken_owners[display] = None
        return None
    if path.is_symlink() and not _inside(path.resolve(), docs_dir.parent):
        playbook.problems.append(Problem(display, None, "is a symbolic link to a file outside the repository; copy the file in instead"))
        playbook.broken_owners[display] = None
        return None
    try:
        front_matter = read_profile(path, display_path=display)
    except ProfileReadError as exc:
        playbook.problems.append(exc.problem)
        playbook.broken_owners[display] = None
        return None
    except OSError as exc:
        playbook.problems.append(Problem(display, None, f"cannot be read: {exc.strerror}"))
        playbook.broken_owners[display] = None
        return None
    source = Source(path=path, display_path=display, src_uri=path.relative_to(docs_dir).as_posix(), front_matter=front_matter)
    data, problems = validate(model, front_matter.data, source)
    playbook.problems.extend(problems)
    if data is None:
        playbook.broken_owners[display] = _raw_owners(front_matter.data, kind=kind, profile_id=profile_id)
        return None
    return Profile(id=profile_id, data=data, source=source)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _raw_owners(data: dict[str, Any], *, kind: str, profile_id: str) -> tuple[str, ...] | None:
    if kind == "salespeople":
        return (profile_id,)
    if kind == "questions":
        return ()
    owner = data.get("owner")
    if isinstance(owner, str):
        return (owner,)
    if isinstance(owner, list) and all(isinstance(o, str) for o in owner):
        return tuple(owner)
    return None


def validate(model: type[M], raw: dict[str, Any], source: Source) -> tuple[M | None, list[Problem]]:
    """Validate front matter; unknown keys warn (with the nearest known key) and are dropped."""
    data = strip_private(raw)
    problems: list[Problem] = []
    for _ in range(50):  # each pass removes at least one unknown key
        try:
            return model.model_validate(data), problems
        except ValidationError as exc:
            unknown = [e for e in exc.errors() if e["type"] == "extra_forbidden"]
            if not unknown:
                problems.extend(source.problem(tuple(e["loc"]), _message(e)) for e in exc.errors())
                return None, problems
            for error in unknown:
                loc = tuple(error["loc"])
                problems.append(source.problem(loc, _unknown_key_message(model, loc), severity="warning"))
                data = _without(data, loc)
    return None, problems


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing required key"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}, got {error['input']!r}"
    if kind in ("list_type",):
        return "must be a list (one item per line starting with '- ')"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be keys with values"
    if kind == "union_tag_invalid" or kind.endswith("_type"):
        return f"has the wrong type: {error['msg']}"
    return str(error["msg"])


def _unknown_key_message(model: type[BaseModel], loc: KeyPath) -> str:
    known = _known_keys(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
    return f"unknown key{hint}"


def _known_keys(model: type[BaseModel], parent: KeyPath) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field_info is None:
            return []
        current = _model_in(field_info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _without(data: Any, loc: KeyPath) -> Any:
    if len(loc) == 1:
        return {k: v for k, v in data.items() if k != loc[0]} if isinstance(data, dict) else data
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict):
        return {k: (_without(v, rest) if k == head else v) for k, v in data.items()}
    if isinstance(data, list) and isinstance(head, int):
        return [(_without(v, rest) if i == head else v) for i, v in enumerate(data)]
    return data


def _check_owners(playbook: Playbook) -> None:
    ids = sorted(playbook.salespeople)
    several = len(ids) > 1
    for people in (playbook.customers, playbook.contacts):
        for person in people.values():
            owner = getattr(person.data, "owner", None)
            if owner is None:
                if several:
                    playbook.problems.append(
                        person.source.problem((), f"missing required key 'owner': there are several salespeople ({', '.join(ids)})")
                    )
                continue
            for index, salesperson in enumerate(person.owners):
                if salesperson not in playbook.salespeople:
                    key: KeyPath = ("owner",) if isinstance(owner, str) else ("owner", index)
                    known = f"; salespeople are: {', '.join(ids)}" if ids else "; there is no docs/salespeople/<id>.md yet"
                    playbook.problems.append(person.source.problem(key, f"no salesperson '{salesperson}'{known}"))


def _merge_edges(playbook: Playbook) -> None:
    """One edge per (connector, target); both sides may write it, the higher strength wins."""
    merged: dict[tuple[str, str], Edge] = {}
    where: dict[tuple[str, str], tuple[Source, KeyPath]] = {}

    def add(edge: Edge, source: Source, key: KeyPath) -> None:
        pair = (edge.connector, edge.target)
        earlier = merged.get(pair)
        if earlier is None:
            merged[pair] = edge
            where[pair] = (source, key)
            return
        first_source, first_key = where[pair]
        if first_source is source:
            playbook.problems.append(
                source.problem(key, f"'{edge.target if edge.connector == _profile_id(source) else edge.connector}' is listed twice (first on line {source.line_of(first_key)})")
            )
            return
        if earlier.strength != edge.strength:
            playbook.problems.append(
                source.problem(
                    key + ("strength",),
                    f"{first_source.display_path}:{first_source.line_of(first_key)} gives this pair strength {earlier.strength}, "
                    f"this file {edge.strength}; using {max(earlier.strength, edge.strength)}",
                    severity="warning",
                )
            )
        merged[pair] = Edge(edge.connector, edge.target, max(earlier.strength, edge.strength), earlier.how or edge.how)

    for connector in playbook.customers.values():
        for index, known in enumerate(connector.data.knows):
            key: KeyPath = ("knows", index, "contact")
            target = playbook.contacts.get(known.contact)
            if target is None:
                if not _is_broken(playbook, "contacts", known.contact):
                    playbook.problems.append(connector.source.problem(key, f"no contact '{known.contact}' (docs/contacts/{known.contact}.md)"))
                continue
            if not _share_owner(playbook, connector, target):
                playbook.problems.append(
                    connector.source.problem(key, f"'{known.contact}' is a contact of another salesperson ({', '.join(playbook.owners_of(target))})")
                )
                continue
            add(Edge(connector.id, target.id, known.strength, known.how), connector.source, ("knows", index))
    for target in playbook.contacts.values():
        for index, known_by in enumerate(target.data.known_by):
            key = ("known_by", index, "customer")
            connector = playbook.customers.get(known_by.customer)
            if connector is None:
                if not _is_broken(playbook, "customers", known_by.customer):
                    playbook.problems.append(target.source.problem(key, f"no customer '{known_by.customer}' (docs/customers/{known_by.customer}.md)"))
                continue
            if not _share_owner(playbook, connector, target):
                playbook.problems.append(
                    target.source.problem(key, f"'{known_by.customer}' is a customer of another salesperson ({', '.join(playbook.owners_of(connector))})")
                )
                continue
            add(Edge(connector.id, target.id, known_by.strength, known_by.how), target.source, ("known_by", index))
    playbook.edges = sorted(merged.values(), key=lambda e: (e.target, e.connector))
    _check_ask_references(playbook)


def _profile_id(source: Source) -> str:
    return source.path.stem


def _is_broken(playbook: Playbook, kind: str, profile_id: str) -> bool:
    """A reference to a file that exists but failed validation is not a second error."""
    return any(display.endswith(f"{kind}/{profile_id}.md") for display in playbook.broken_owners)


def _share_owner(playbook: Playbook, a: Profile[Any], b: Profile[Any]) -> bool:
    return bool(set(playbook.owners_of(a)) & set(playbook.owners_of(b)))


def _check_ask_references(playbook: Playbook) -> None:
    for connector in playbook.customers.values():
        for index, ask in enumerate(connector.data.asks):
            if ask.contact is not None and ask.contact not in playbook.contacts and not _is_broken(playbook, "contacts", ask.contact):
                playbook.problems.append(connector.source.problem(("asks", index, "contact"), f"no contact '{ask.contact}' (docs/contacts/{ask.contact}.md)"))


def scan_docs_files(docs_dir: Path) -> list[str]:
    """Every Markdown file of ``docs_dir`` as a POSIX path relative to it, sorted."""
    found = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("."):
                found.append(Path(folder, name).relative_to(docs_dir).as_posix())
    return found
