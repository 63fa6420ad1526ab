"""Read profile files: front matter with the line of every key, and the private cut.

Line numbers count from the file's first line: the opening ``---`` is line 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .problems import Problem

PRIVATE_MARKER = "<!-- private -->"

KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars: ``on``, ``yes`` and ``no`` stay text, dates stay text.

    Dates are left to the models, which say what is wrong with ``2026-13-45``
    instead of PyYAML raising without a line.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter of one file, with where each key stands."""

    data: dict[str, Any]
    body: str
    key_lines: dict[KeyPath, int] = field(default_factory=dict)
    opening_line: int = 1

    def line_of(self, key_path: KeyPath) -> int:
        """The line of a key, or of the nearest enclosing key; the opening ``---`` for the top."""
        for end in range(len(key_path), 0, -1):
            line = self.key_lines.get(tuple(key_path[:end]))
            if line is not None:
                return line
        return self.opening_line


class ProfileReadError(Exception):
    """A file that cannot be read as a profile at all."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_profile(path: Path, *, display_path: str) -> FrontMatter:
    """Read one profile file; raise ProfileReadError naming the file and line."""
    raw = path.read_bytes()
    return parse_profile(raw, display_path=display_path)


def parse_profile(raw: bytes, *, display_path: str) -> FrontMatter:
    """Parse the bytes of one profile file."""

    def fail(line: int | None, message: str) -> ProfileReadError:
        return ProfileReadError(Problem(display_path, line, message))

    if not raw.strip():
        raise fail(1, "empty file: a profile starts with '---', its YAML front matter, then '---'")
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM, as Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(line, f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be read; save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise fail(line, "the file holds a NUL byte; a profile is a text file")

    boundary = YAMLHandler.FM_BOUNDARY
    opening = boundary.match(text)
    if opening is None:
        raise fail(1, "no front matter: a profile starts with a line '---'")
    closing = boundary.search(text, opening.end())
    if closing is None:
        raise fail(1, "the front matter is not closed: add a line '---' after its last key")
    yaml_text = text[opening.end() : closing.start()]
    first_yaml_line = text[: opening.end()].count("\n") + 1
    body = _public_body(text[closing.end() :].lstrip("\n"))
    data, key_lines = _load_yaml(yaml_text, first_line=first_yaml_line, fail=fail)
    return FrontMatter(data=data, body=body, key_lines=key_lines, opening_line=1)


def _public_body(body: str) -> str:
    """The body up to a line ``<!-- private -->``; what follows never reaches the site."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == PRIVATE_MARKER:
            return "\n".join(lines[:index]).rstrip() + "\n"
    return body


def _load_yaml(yaml_text: str, *, first_line: int, fail: Any) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    # Marks count the YAML text's lines from 0; its line 0 is the file line `first_line`.
    def file_line(mark: yaml.Mark) -> int:
        return first_line + mark.line

    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise fail(file_line(node.start_mark), f"the front matter is {kind}; it must be keys with values (name: ...)")
        key_lines: dict[KeyPath, int] = {}
        _map_positions(node, (), key_lines, file_line=file_line, fail=fail)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = file_line(mark) if mark is not None else 1
        what = exc.problem or "cannot be read"
        context = f" ({exc.context})" if exc.context else ""
        raise fail(line, f"malformed YAML: {what}{context}") from None
    except yaml.YAMLError as exc:
        raise fail(1, f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, key_lines


def _map_positions(node: yaml.Node, path: KeyPath, key_lines: dict[KeyPath, int], *, file_line: Any, fail: Any) -> None:
    """Record the line of every key and list item; a key written twice is an error."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            line = file_line(key_node.start_mark)
            if key in seen:
                raise fail(line, f"{_dotted(path + (key,))}: key written twice (first on line {seen[key]})")
            seen[key] = line
            key_lines[path + (key,)] = line
            _map_positions(value_node, path + (key,), key_lines, file_line=file_line, fail=fail)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key_lines[path + (index,)] = file_line(item.start_mark)
            _map_positions(item, path + (index,), key_lines, file_line=file_line, fail=fail)


def _dotted(path: KeyPath) -> str:
    """``knows[0].contact`` for the key path ('knows', 0, 'contact')."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted_key = _dotted


def strip_private(value: Any) -> Any:
    """Drop every key named ``private`` or starting with ``private_``, at any depth."""
    if isinstance(value, dict):
        return {
            key: strip_private(item)
            for key, item in value.items()
            if not (isinstance(key, str) and (key == "private" or key.startswith("private_")))
        }
    if isinstance(value, list):
        return [strip_private(item) for item in value]
    return value
