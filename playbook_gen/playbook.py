"""A whole playbook repository: every profile read, validated and cross-checked.

``load_playbook`` reads ``docs/{salespeople,customers,contacts,questions}/*.md``
once; ``Playbook.book_for`` gives the view of one salesperson that the
planner and the pages work from.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Generic, TypeVar, get_origin

from pydantic import BaseModel, ValidationError

from .ids import id_from_name, is_valid_id
from .kinds import KINDS, reserved_reason
from .lock import unfinished_edit
from .memory import collection_paused
from .method import OFFER_PLACEHOLDER, THANK_YOUS, backwards_dates, introduction_date, is_open, offer_in_third_person, thank_you_start, thanked_on
from .model import Contact, Customer, QuestionBank, Salesperson, owners_of, shown_value
from .problems import Problem
from .profiles import FrontMatter, KeyPath, ProfileReadError, dotted_key, parse_profile, read_profile, strip_private

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

    @cached_property
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
    # Profile folders that could not be read at all (a refused link): references into them are not second errors.
    unread_folders: set[str] = field(default_factory=set)
    # What each file gave when read, by absolute path: an edit re-validates only the files it changes.
    loaded: dict[Path, _Loaded] = field(default_factory=dict, repr=False)

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
        """Whose each file is; None when that is unknown (such a file's problems concern everyone)."""
        owners: dict[str, tuple[str, ...] | None] = {path: self._known(found) for path, found in self.broken_owners.items()}
        for people in (self.customers, self.contacts):
            for person in people.values():
                owners[person.source.display_path] = self._known(person.owners or self._default_owner())
        for salesperson in self.salespeople.values():
            owners[salesperson.source.display_path] = (salesperson.id,)
        return owners

    def _known(self, owners: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """Owners to filter problems by, or None when one of them is no salesperson (a typo must reach its author)."""
        if owners is None or any(owner not in self.salespeople for owner in owners):
            return None
        return owners

    def _default_owner(self) -> tuple[str, ...]:
        return tuple(self.salespeople) if len(self.salespeople) == 1 else ()

    def owners_of(self, profile: Profile[Any]) -> tuple[str, ...]:
        """A profile's owners, defaulting to the only salesperson."""
        return profile.owners or self._default_owner()


@dataclass(frozen=True)
class _Loaded:
    """What reading and validating one file gave, kept so that an edit re-reads only the files it changes."""

    profile: Profile[Any] | None
    problems: tuple[Problem, ...]
    broken: bool
    raw_owners: tuple[str, ...] | None = None


Overlay = Mapping[Path, bytes | None]
"""File contents that stand in for the disk (``None``: the file is gone): an edit, validated before it is written."""


@dataclass
class ProfileCache:
    """What reading and validating each profile gave, kept with the file's bytes: a file is parsed again only when they change.

    Every load through the cache still reads each file; it parses and validates only
    the files whose bytes (or path as shown) differ from the last load, and takes the
    others as they were. The checks across files (owners, paths, both sides of an ask)
    run on every load. It lives in memory only: the plugin keeps one for the life of a
    ``serve``, and ``build --all`` fills one in its own process and hands it to every
    worker process (:mod:`playbook_gen.jobs`), so each file is parsed once for all sites.
    """

    entries: dict[Path, tuple[str, bytes, _Loaded]] = field(default_factory=dict)
    parsed: int = 0
    """Files parsed and validated through this cache (not taken from it): a count, for tests and benchmarks."""

    def load(self, path: Path, display: str, load_one: Callable[..., _Loaded]) -> _Loaded:
        """The file's earlier result when its bytes are the same, else ``load_one(raw=bytes)``."""
        try:
            raw = path.read_bytes()
        except OSError:
            return load_one()  # reads the file itself and reports why it cannot, as a load without a cache does
        earlier = self.entries.get(path)
        if earlier is not None and earlier[0] == display and earlier[1] == raw:
            return earlier[2]
        loaded = load_one(raw=raw)
        self.parsed += 1
        self.entries[path] = (display, raw, loaded)
        return loaded

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files a load did not read (deleted, renamed, or in another repository)."""
        self.entries = {path: entry for path, entry in self.entries.items() if path in paths}


@collection_paused()
def load_playbook(
    docs_dir: Path, *, root: Path | None = None, overlay: Overlay | None = None, reuse: Playbook | None = None, profiles: ProfileCache | None = None
) -> Playbook:
    """Read and validate every profile under ``docs_dir``; problems are collected, not raised.

    ``overlay`` replaces the bytes of some files (or removes them), so an edit is
    checked with exactly the loader ``check`` uses; with ``reuse``, the files the
    overlay does not name are taken from that earlier load instead of read again.
    With ``profiles``, a file whose bytes have not changed since that cache last
    read it is not parsed or validated again.
    """
    root = (root or docs_dir.absolute().parent).resolve()
    overlay = {Path(path).absolute(): content for path, content in (overlay or {}).items()}
    if docs_dir.is_symlink():  # not followed, so that a writing command's paths go through the link, and are refused
        linked = docs_dir.absolute().parent.resolve() / docs_dir.name
        playbook = Playbook(docs_dir=linked, unread_folders={kind.folder for kind in KINDS})
        _refuse_link(linked, root, playbook)
        return playbook
    docs_dir = docs_dir.resolve()
    playbook = Playbook(docs_dir=docs_dir)
    pending = unfinished_edit(root) if not overlay else None  # an edit being validated runs under the lock, with no journal yet
    if pending is not None:
        playbook.problems.append(pending)
        playbook.broken_owners[pending.path] = None
    refused = _check_links(docs_dir, root, playbook)
    for kind in KINDS:
        folder = docs_dir / kind.folder
        if folder in refused:
            playbook.unread_folders.add(kind.folder)
            continue
        paths = set(folder.iterdir()) if folder.is_dir() else set()
        subfolders = _subfolders(folder) if paths else frozenset()
        paths |= {path for path, content in overlay.items() if path.parent == folder and content is not None}
        paths -= {path for path, content in overlay.items() if content is None}
        shown = _display_path(folder, root)  # each path's as shown, without pathlib for every file
        for path in sorted(paths, key=lambda path: path.name):  # one folder: the paths' order is their names'
            if path.name.startswith(".") or path in refused:
                continue
            display = f"{shown}/{path.name}" if shown != "." else path.name
            if path not in overlay and (path.suffix != ".md" or path.name in subfolders):
                what = "a folder" if path.name in subfolders else "not a profile (profiles end in .md)"
                playbook.problems.append(
                    Problem(display, None, f"is {what} and is left out of the site; only docs/{kind.folder}/<id>.md files are read", "warning")
                )
                continue
            earlier = reuse.loaded.get(path) if reuse is not None and path not in overlay else None
            if earlier is not None:
                loaded = earlier
            elif profiles is not None and path not in overlay:
                loaded = profiles.load(path, display, partial(_load_one, path, kind=kind.folder, model=kind.model, display=display))
            else:
                loaded = _load_one(path, kind=kind.folder, model=kind.model, display=display, raw=overlay.get(path))
            playbook.loaded[path] = loaded
            playbook.problems.extend(loaded.problems)
            if loaded.broken:
                playbook.broken_owners[display] = loaded.raw_owners
            elif loaded.profile is not None:
                getattr(playbook, kind.attribute)[loaded.profile.id] = loaded.profile
    if profiles is not None:
        profiles.keep_only(set(playbook.loaded))
    _check_owners(playbook)
    _merge_edges(playbook)
    return playbook


def _subfolders(folder: Path) -> frozenset[str]:
    """The names of the folders in ``folder``: from its listing, not from asking the file system about every file."""
    try:
        with os.scandir(folder) as listing:
            return frozenset(entry.name for entry in listing if entry.is_dir())
    except OSError:
        return frozenset()


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_links(docs_dir: Path, root: Path, playbook: Playbook) -> set[Path]:
    """Refuse every symbolic link under ``docs_dir``, file or folder (SPEC §2), one ``path: message`` each.

    MkDocs follows links when it copies ``docs/``, and a writing command would write
    through a linked folder into wherever it points, inside the repository or not:
    so nothing in or behind a link is read, and the build stops on it.
    """
    refused: set[Path] = set()
    _refuse_links_in(docs_dir, root, playbook, refused)
    return refused


def _refuse_links_in(folder: Path, root: Path, playbook: Playbook, refused: set[Path]) -> None:
    """One folder of :func:`_check_links`, then its subfolders (folders first, each group by name, as ``os.walk`` lists them).

    A folder's entries say whether each is a link without asking the file system again for every file.
    """
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    dirs = sorted((entry for entry in entries if entry.is_dir()), key=lambda entry: entry.name)  # a link to a folder is listed as one
    files = sorted((entry for entry in entries if not entry.is_dir()), key=lambda entry: entry.name)
    for entry in [*dirs, *files]:
        if entry.is_symlink():
            path = Path(folder, entry.name)
            refused.add(path)
            _refuse_link(path, root, playbook)
    for entry in dirs:
        if not entry.name.startswith(".") and not entry.is_symlink():  # a linked folder is listed, never entered
            _refuse_links_in(Path(folder, entry.name), root, playbook, refused)


def _refuse_link(path: Path, root: Path, playbook: Playbook) -> None:
    display = _display_path(path, root)
    message = f"is a symbolic link to '{os.readlink(path)}'; playbook-gen neither reads nor writes through a symbolic link: put the file or folder itself here"
    playbook.problems.append(Problem(display, None, message))
    playbook.broken_owners[display] = None


def _load_one(path: Path, *, kind: str, model: type[M], display: str, raw: bytes | None = None) -> _Loaded:
    profile_id = path.stem
    if not is_valid_id(profile_id):
        suggestion = id_from_name(profile_id)
        hint = f"; rename it {suggestion}.md" if suggestion else ""
        message = f"'{path.name}' is not a valid id: use lowercase ASCII letters, digits and single hyphens{hint}"
        return _Loaded(None, (Problem(display, None, message),), broken=True)
    reserved = reserved_reason(kind, profile_id)
    if reserved is not None:
        message = f"{reserved}; rename the file (for instance {profile_id}-2.md, or the person's name)"
        return _Loaded(None, (Problem(display, None, message),), broken=True)
    try:
        front_matter = read_profile(path, display_path=display) if raw is None else parse_profile(raw, display_path=display)
    except ProfileReadError as exc:
        return _Loaded(None, (exc.problem,), broken=True)
    except OSError as exc:
        return _Loaded(None, (Problem(display, None, f"cannot be read: {exc.strerror or exc}"),), broken=True)
    source = Source(path=path, display_path=display, src_uri=f"{kind}/{path.name}", front_matter=front_matter)
    data, problems = validate(model, front_matter.data, source)
    if data is None:
        return _Loaded(None, tuple(problems), broken=True, raw_owners=_raw_owners(front_matter.data, kind=kind, profile_id=profile_id))
    return _Loaded(Profile(id=profile_id, data=data, source=source), tuple(problems), broken=False)


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
    data = raw if raw is source.front_matter.data else strip_private(raw)  # a FrontMatter's data holds no private key
    problems: list[Problem] = []
    # Pydantic reports every unknown key it reaches at once; a few passes reach those inside lists.
    for _ in range(_MAX_PASSES):
        try:
            return model.model_validate(data), problems
        except ValidationError as exc:
            found = [(_error_loc(e), e) for e in exc.errors()]
            unknown = [loc for loc, e in found if e["type"] == "extra_forbidden" and loc]
            if not unknown:
                problems.extend(source.problem(loc, _message(model, e)) for loc, e in found)
                return None, problems
            for loc in unknown:
                problems.append(source.problem(loc, _unknown_key_message(model, loc), severity="warning"))
                data = _without(data, loc)
    problems.append(source.problem((), "too many unknown keys nested inside each other; fix the warnings above"))
    return None, problems


_MAX_PASSES = 20


_UNION_MEMBER = re.compile(r"^[a-z][a-z-]*\[.*\]$")


def _error_loc(error: Any) -> KeyPath:
    """The key path of an error; inside a union pydantic adds member names (``list[...]``), which are not keys."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return loc  # always the path of a key as written
    return tuple(part for part in loc if isinstance(part, int) or not _UNION_MEMBER.match(part))


# What a missing required key should hold, in the words of the profile docs.
_REQUIRED_HINTS = {
    "name": "full name",
    "offer": "what you help people do",
    "title": "text",
    "finished": "date, YYYY-MM-DD",
    "contact": "contact id",
    "customer": "customer id",
    "date": "date, YYYY-MM-DD",
    "statement": "text",
}


def _message(model: type[BaseModel], error: Mapping[str, Any]) -> str:
    """One pydantic error as a line a salesperson can act on: the bad value and what is expected."""
    kind = error["type"]
    loc = _error_loc(error)
    got = shown_value(error.get("input"))
    if kind == "missing":
        leaf = str(loc[-1]) if loc else "?"
        return f"missing required key; add '{leaf}: <{_REQUIRED_HINTS.get(leaf, 'value')}>'"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}, got {got}{_nearest(error)}"
    if kind == "list_type":
        return f"must be a list (one item per line starting with '- '), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = _known_keys(model, loc)
        return f"must be keys with values ({', '.join(keys)}), got {got}" if keys else f"must be keys with values, got {got}"
    return f"{error['msg']}, got {got}"


def _nearest(error: Mapping[str, Any]) -> str:
    """``; did you mean 'explore'?`` for a value close to one of the allowed ones."""
    value = error.get("input")
    if not isinstance(value, str):
        return ""
    allowed = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
    lowered = {choice.casefold(): choice for choice in allowed}
    close = [lowered[value.strip().casefold()]] if value.strip().casefold() in lowered else difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown_key_message(model: type[BaseModel], loc: KeyPath) -> str:
    known = _known_keys(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
    return f"unknown key, ignored{hint}"


def _known_keys(model: type[BaseModel], parent: KeyPath) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if _is_model(current) else None
        if field_info is None:
            return []
        current = _model_in(field_info.annotation)
    if _is_model(current):
        return list(current.model_fields)
    return []


def _is_model(annotation: Any) -> bool:
    # On Python 3.10 a generic alias such as ``list[Knows]`` passes isinstance(..., type), and
    # issubclass() on it raises TypeError with older pydantic (seen with 2.8; 2.14 answers False).
    return get_origin(annotation) is None and isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
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
                        person.source.problem(
                            ("owner",), f"missing required key: there are several salespeople ({', '.join(ids)}); add 'owner: <salesperson id>'"
                        )
                    )
                continue
            for index, salesperson in enumerate(person.owners):
                if salesperson not in playbook.salespeople and not _is_broken(playbook, "salespeople", salesperson):
                    key: KeyPath = ("owner",) if isinstance(owner, str) else ("owner", index)
                    known = _did_you_mean(salesperson, ids) or (f"; salespeople are: {', '.join(ids)}" if ids else "; there is no salesperson yet")
                    message = f"no salesperson '{salesperson}': there is no docs/salespeople/{salesperson}.md{known}"
                    playbook.problems.append(person.source.problem(key, message))


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
                source.problem(
                    key,
                    f"'{edge.target if edge.connector == _profile_id(source) else edge.connector}' is listed twice (first on line {source.line_of(first_key)}); keep one entry",
                )
            )
            return
        if earlier.strength != edge.strength:
            playbook.problems.append(
                source.problem(
                    (*key, "strength"),
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
                    playbook.problems.append(connector.source.problem(key, _missing("contact", known.contact, playbook.contacts)))
                continue
            if not _share_owner(playbook, connector, target):
                if _owners_known(playbook, connector, target):
                    playbook.problems.append(connector.source.problem(key, _not_shared("contact", known.contact, playbook.owners_of(target))))
                continue
            add(Edge(connector.id, target.id, known.strength, known.how), connector.source, ("knows", index))
    for target in playbook.contacts.values():
        for index, known_by in enumerate(target.data.known_by):
            key = ("known_by", index, "customer")
            introducer = playbook.customers.get(known_by.customer)
            if introducer is None:
                if not _is_broken(playbook, "customers", known_by.customer):
                    playbook.problems.append(target.source.problem(key, _missing("customer", known_by.customer, playbook.customers)))
                continue
            if not _share_owner(playbook, introducer, target):
                if _owners_known(playbook, introducer, target):
                    playbook.problems.append(target.source.problem(key, _not_shared("customer", known_by.customer, playbook.owners_of(introducer))))
                continue
            add(Edge(introducer.id, target.id, known_by.strength, known_by.how), target.source, ("known_by", index))
    playbook.edges = sorted(merged.values(), key=lambda e: (e.target, e.connector))
    _check_ask_references(playbook)
    _check_ask_dates(playbook)
    _check_two_sides(playbook)
    _check_why(playbook)
    _check_offer(playbook)


def _profile_id(source: Source) -> str:
    return source.path.stem


def _is_broken(playbook: Playbook, kind: str, profile_id: str) -> bool:
    """A reference to a file that exists but failed validation is not a second error."""
    if kind in playbook.unread_folders:
        return True
    return any(display.endswith(f"{kind}/{profile_id}.md") for display in playbook.broken_owners)


def _share_owner(playbook: Playbook, a: Profile[Any], b: Profile[Any]) -> bool:
    return bool(set(playbook.owners_of(a)) & set(playbook.owners_of(b)))


def _owners_known(playbook: Playbook, *profiles: Profile[Any]) -> bool:
    """Each profile has an owner and every owner is a salesperson: only then is sharing none an error of its own.

    An owner that names no salesperson (a typo), or one missing when there are several,
    is reported once, on the ``owner`` key; every contact or customer the profile lists
    would otherwise look like another salesperson's too.
    """
    for profile in profiles:
        owners = playbook.owners_of(profile)
        if not owners or any(owner not in playbook.salespeople for owner in owners):
            return False
    return True


def _check_ask_references(playbook: Playbook) -> None:
    """An ask names a contact that exists and belongs to the same salesperson as the connector."""
    for connector in playbook.customers.values():
        for index, ask in enumerate(connector.data.asks):
            owners = playbook.owners_of(connector)
            if ask.by is not None and ask.by not in owners and _owners_known(playbook, connector):
                playbook.problems.append(
                    connector.source.problem(
                        ("asks", index, "by"),
                        f"'{ask.by}' is not one of this customer's owners ({', '.join(owners)}); 'by' names the salesperson who asked",
                    )
                )
            if ask.contact is None:
                continue
            key: KeyPath = ("asks", index, "contact")
            target = playbook.contacts.get(ask.contact)
            if target is None:
                if not _is_broken(playbook, "contacts", ask.contact):
                    playbook.problems.append(connector.source.problem(key, _missing("contact", ask.contact, playbook.contacts)))
            elif not _share_owner(playbook, connector, target) and _owners_known(playbook, connector, target):
                playbook.problems.append(connector.source.problem(key, _not_shared("contact", ask.contact, playbook.owners_of(target))))


OFFER_EXAMPLE = "help owners of family businesses see their cash clearly"


def _check_offer(playbook: Playbook) -> None:
    """The offer is what the forwardable note says of the salesperson: warn while it is the placeholder, or cannot be said of them."""
    for salesperson in playbook.salespeople.values():
        offer = salesperson.data.offer
        if " ".join(offer.split()) == OFFER_PLACEHOLDER:
            message = f"still the placeholder 'new' wrote: say what you help people do, in their words (for instance: {OFFER_EXAMPLE})"
        elif offer_in_third_person(offer) is None:
            message = (
                "the forwardable note says it of you in the third person, and this offer speaks of 'my', 'our' or 'we' "
                f"further on: write what you help people do (for instance: {OFFER_EXAMPLE}); the note leaves it out meanwhile"
            )
        else:
            continue
        playbook.problems.append(salesperson.source.problem(("offer",), message, severity="warning"))


def _check_ask_dates(playbook: Playbook) -> None:
    """Dates never run backwards (SPEC §3): within one ask an error; against the contact's ``met`` and ``closed`` a warning."""
    for connector in playbook.customers.values():
        for index, ask in enumerate(connector.data.asks):
            for key, message in backwards_dates(ask):
                playbook.problems.append(connector.source.problem(("asks", index, key), message))
            target = playbook.contacts.get(ask.contact or "")
            if target is None or ask.result != "introduced":
                continue
            for thanks in THANK_YOUS[1:]:
                start, day = thank_you_start(thanks, ask, target.data), thanked_on(thanks, ask)
                if start is not None and day is not None and day < start:
                    where = f"{target.source.display_path}:{target.source.line_of(('met',) if thanks.occasion == 'meeting' else ('closed',))}"
                    playbook.problems.append(
                        connector.source.problem(
                            ("asks", index, thanks.key),
                            f"{day.isoformat()} is before {thanks.starts} on {start.isoformat()} ({where})",
                            severity="warning",
                        )
                    )
            met = target.data.met
            if met is not None and met < introduction_date(ask):
                playbook.problems.append(
                    target.source.problem(
                        ("met",),
                        f"{met.isoformat()} is before the introduction by {connector.data.name} on {introduction_date(ask).isoformat()} "
                        f"({connector.source.display_path}:{connector.source.line_of(('asks', index))}); the first conversation comes after it",
                        severity="warning",
                    )
                )


_BEFORE_INTRODUCED = ("not-asked", "asked")


def _check_why(playbook: Playbook) -> None:
    """A contact someone could be asked for needs its one sentence of why: it is what the connector repeats.

    Only contacts with a path (a ``knows`` or ``known_by``) are asked for, so only they warn: a
    freshly imported list of people nobody can introduce yet stays quiet.
    """
    reachable = {edge.target for edge in playbook.edges}
    for target in playbook.contacts.values():
        if target.data.why is None and target.data.stage in _BEFORE_INTRODUCED and target.id in reachable:
            playbook.problems.append(
                target.source.problem(
                    ("name",),
                    "no 'why:' yet: add one sentence on why you want to meet them; every ask script says it, and the connector repeats it",
                    severity="warning",
                )
            )


def _check_two_sides(playbook: Playbook) -> None:
    """Warn where a connector's ``asks`` and a contact's ``stage`` disagree (SPEC §8), naming both files and lines."""
    pending_for: dict[str, list[tuple[Profile[Customer], int]]] = {}
    for connector in playbook.customers.values():
        for index, ask in enumerate(connector.data.asks):
            target = playbook.contacts.get(ask.contact or "")
            if target is None or not _share_owner(playbook, connector, target):
                continue  # a reference error of its own
            stage = target.data.stage
            where = f"{target.source.display_path}:{target.source.line_of(('stage',))}"
            if is_open(ask):
                pending_for.setdefault(target.id, []).append((connector, index))
                if stage == "not-asked":
                    playbook.problems.append(
                        connector.source.problem(
                            ("asks", index),
                            f"an open ask ({ask.result}) for {target.id}, but {where} says stage not-asked; run: playbook-gen record stage {target.id} asked",
                            severity="warning",
                        )
                    )
            elif ask.result == "introduced" and stage in _BEFORE_INTRODUCED:
                playbook.problems.append(
                    connector.source.problem(
                        ("asks", index),
                        f"{target.id} was introduced, but {where} still says stage {stage}; run: playbook-gen record stage {target.id} introduced",
                        severity="warning",
                    )
                )
    for target in playbook.contacts.values():
        if target.data.stage == "asked" and target.id not in pending_for:
            playbook.problems.append(
                target.source.problem(
                    ("stage",),
                    f"stage asked, but no customer has an open ask for {target.id}; record the ask "
                    f"(playbook-gen record ask CONNECTOR --contact {target.id}) or the stage it is at",
                    severity="warning",
                )
            )


def _missing(kind: str, profile_id: str, known: Iterable[str]) -> str:
    folder = "contacts" if kind == "contact" else "customers"
    return f"no {kind} '{profile_id}': there is no docs/{folder}/{profile_id}.md{_did_you_mean(profile_id, known)}"


def _did_you_mean(wanted: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def _not_shared(kind: str, profile_id: str, owners: tuple[str, ...]) -> str:
    return f"'{profile_id}' is a {kind} of another salesperson ({', '.join(owners) or 'no owner'}); connectors and contacts must share an owner"


def scan_docs_files(docs_dir: Path) -> list[str]:
    """Every Markdown file of ``docs_dir`` as a POSIX path relative to it, sorted."""
    found: list[str] = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(folder).relative_to(docs_dir).as_posix()  # once per folder, not once per file
        prefix = "" if relative == "." else f"{relative}/"
        found.extend(f"{prefix}{name}" for name in sorted(files) if name.endswith(".md") and not name.startswith("."))
    return found
