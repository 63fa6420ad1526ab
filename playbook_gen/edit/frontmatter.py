"""The one front-matter editor: round-trip YAML edits that change only the lines of the event.

ruamel.yaml keeps comments, key order and quoting, but it re-indents and
re-spaces what it writes. So the edited document is not written as ruamel
dumps it: the dump of the unedited document is compared line by line with the
dump of the edited one, and only the lines that differ replace their
counterparts in the file as it was. Line endings (LF or CRLF), a BOM, the
``---`` lines and the Markdown body are kept byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..problems import PlaybookError, Problem

BOM = "\ufeff"
_DELIMITER = re.compile(r"^---[ \t]*$")
_SEQUENCE_ITEM = re.compile(r"^( *)- ")
_KEY_LINE = re.compile(r"^( *)[^\s#-][^:]*:\s*(#.*)?$")


def _yaml(*, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line the user wrote on one
    yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
    # One date written as two keys would become an anchor and an alias, which profiles refuse.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def _sequence_offset(lines: list[str]) -> int:
    """How far this file indents ``- `` items under their key (0 or 2): new lists follow the file's habit."""
    for index, line in enumerate(lines[1:], start=1):
        item = _SEQUENCE_ITEM.match(line)
        parent = _KEY_LINE.match(lines[index - 1])
        if item and parent:
            return max(0, min(2, len(item.group(1)) - len(parent.group(1))))
    return 2


@dataclass
class FrontMatterDocument:
    """One profile file opened for editing: its front matter as ruamel data, and everything else as it was."""

    path: Path
    display_path: str
    original: bytes
    data: CommentedMap
    _bom: str
    _newline: str
    _opening: str
    _yaml_lines: list[str]  # the front matter as written, LF line ends, without the delimiters
    _rest: str  # the closing delimiter line and the body, exactly as written
    _offset: int = 2
    changes: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, path: Path, raw: bytes, *, display_path: str) -> FrontMatterDocument:
        """Open a profile; a file whose front matter cannot be read round-trip is one ``path:line: message``."""
        text = raw.decode("utf-8")
        bom = BOM if text.startswith(BOM) else ""
        text = text[len(bom) :]
        lines = text.splitlines(keepends=True)
        if not lines or not _DELIMITER.match(lines[0].rstrip("\r\n")):
            raise PlaybookError([Problem(display_path, 1, "has no front matter (a first line '---') to edit")])
        closing = next((i for i in range(1, len(lines)) if _DELIMITER.match(lines[i].rstrip("\r\n"))), None)
        if closing is None:
            raise PlaybookError([Problem(display_path, 1, "the front matter opened on line 1 is never closed with '---'")])
        newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
        yaml_lines = [line.rstrip("\r\n") + "\n" for line in lines[1:closing]]
        offset = _sequence_offset(yaml_lines)
        data = _yaml(offset=offset).load("".join(yaml_lines)) if yaml_lines else None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise PlaybookError([Problem(display_path, 2, "the front matter is not keys with values")])
        return cls(
            path=path,
            display_path=display_path,
            original=raw,
            data=data,
            _bom=bom,
            _newline=newline,
            _opening=lines[0],
            _yaml_lines=yaml_lines,
            _rest="".join(lines[closing:]),
            _offset=offset,
        )

    @classmethod
    def new(cls, path: Path, *, display_path: str, data: dict[str, Any], body: str = "") -> FrontMatterDocument:
        """A new profile file with these keys, in this order."""
        mapping = CommentedMap()
        for key, value in data.items():
            mapping[key] = _plain(value)
        document = cls(
            path=path,
            display_path=display_path,
            original=b"",
            data=mapping,
            _bom="",
            _newline="\n",
            _opening="---\n",
            _yaml_lines=[],
            _rest="---\n" + body,
        )
        return document

    # -- edits ------------------------------------------------------------------

    def set(self, key: str, value: Any, *, after: tuple[str, ...] = ()) -> None:
        """Set a top-level key; a new key goes after the last of ``after`` that the file has (else at the end)."""
        set_in(self.data, key, value, after=after)

    def items(self, key: str, *, after: tuple[str, ...] = ()) -> CommentedSeq:
        """The list under ``key``; a missing one is made, block style, after the last of ``after`` the file has."""
        current = self.data.get(key)
        if current is None:
            set_in(self.data, key, CommentedSeq(), after=after)
            current = self.data[key]
        return current

    # -- output -----------------------------------------------------------------

    def render(self) -> bytes:
        """The file with the edits: only the front-matter lines that changed differ from the original bytes."""
        if not self._yaml_lines:
            # A new file has no comments or quoting to keep: libyaml writes it, many times faster (import writes thousands).
            front = _new_front_matter(self.data) if self.data else ""
            return (self._bom + self._opening + front + self._rest).encode("utf-8")
        edited = self._dump(self.data)
        before = self._dump(_yaml(offset=self._offset).load("".join(self._yaml_lines)))
        lines = _merge(self._yaml_lines, before, edited)
        if _load_plain(lines) != _load_plain(edited):  # a normalised line stood in the way: take ruamel's lines
            lines = edited
        front = "".join(line[:-1] + self._newline for line in lines)
        return (self._bom + self._opening + front + self._rest).encode("utf-8")

    def _dump(self, data: Any) -> list[str]:
        if not data:
            return []
        out = io.StringIO()
        _yaml(offset=self._offset).dump(data, out)
        return out.getvalue().splitlines(keepends=True)


class _NewFileDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, except a list of plain values on one line (``owner: [maya-okafor, tom-becker]``), as the docs write them."""


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, (str, int, float)) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_NewFileDumper.add_representer(list, _represent_list)


def _new_front_matter(data: CommentedMap) -> str:
    return yaml.dump(_plain_python(data), Dumper=_NewFileDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000)


def _plain_python(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_python(v) for v in value]
    return value


def keys_before(model: type[Any], key: str) -> tuple[str, ...]:
    """The keys the profile docs (the model) put before ``key``: a new key is written after the last of them."""
    fields = list(model.model_fields)
    return tuple(fields[: fields.index(key)]) if key in fields else tuple(fields)


def set_in(mapping: CommentedMap, key: str, value: Any, *, after: tuple[str, ...] = ()) -> None:
    """Set ``mapping[key]``, placing a new key after the last of ``after`` that it holds."""
    value = _plain(value)
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    anchor = max((keys.index(k) for k in after if k in keys), default=None)
    if anchor is None or anchor == len(keys) - 1:
        mapping[key] = value
    else:
        mapping.insert(anchor + 1, key, value)


def new_entry(values: dict[str, Any]) -> CommentedMap:
    """A list item (``- contact: x``) with these keys in this order."""
    entry = CommentedMap()
    for key, value in values.items():
        entry[key] = _plain(value)
    return entry


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return new_entry(value)
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        seq = CommentedSeq()
        seq.extend(_plain(item) for item in value)
        if all(isinstance(item, (str, int, float)) for item in value):
            seq.fa.set_flow_style()  # owner: [maya-okafor, tom-becker], as the docs write it
        return seq
    return value


def _load_plain(lines: list[str]) -> Any:
    """The data of some YAML lines, for comparing two texts by what they say."""
    return _comparable(YAML(typ="safe", pure=True).load("".join(lines))) if lines else None


def _comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _merge(original: list[str], before: list[str], after: list[str]) -> list[str]:
    """Apply the line changes ``before`` → ``after`` to ``original`` (of which ``before`` is ruamel's rewriting)."""
    placed = _positions(before, original)
    out: list[str] = []
    cursor = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        for k in range(i1, i2):
            if k in placed:
                out.extend(original[cursor : placed[k]])  # original lines ruamel writes differently: kept
                if tag == "equal":
                    out.append(original[placed[k]])
                cursor = placed[k] + 1
        if tag != "equal":
            out.extend(after[j1:j2])
    out.extend(original[cursor:])
    return out


def _positions(before: list[str], original: list[str]) -> dict[int, int]:
    """For each line of ``before``, the line of ``original`` it stands for.

    Lines that are the same match; a run of lines ruamel rewrote (``name:   'Zed'``
    → ``name: 'Zed'``) stands for the original run of the same length.
    """
    placed: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, original, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            placed.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return placed


def iter_entries(seq: Any) -> Iterator[tuple[int, Any]]:
    """The items of a list of keys with values, with their index (other items are skipped)."""
    if isinstance(seq, list):
        for index, item in enumerate(seq):
            if isinstance(item, dict):
                yield index, item
