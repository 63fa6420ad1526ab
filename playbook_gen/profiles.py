"""Read profile files: front matter with the line of every key, and the private cut.

Line numbers count from the file's first line: the opening ``---`` is line 1.
Every way a file can fail to be read ends in :class:`ProfileReadError`, whose
problem is one line ``path:line: message``; nothing else escapes
:func:`parse_profile`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor

from .problems import Problem

PRIVATE_MARKER = "<!-- private -->"
# The cut is forgiving: spacing and case do not matter, and text after the marker on its own line is cut too.
_PRIVATE_RE = re.compile(r"<!--\s*private\s*-->", re.IGNORECASE)
# Deep enough for any profile, shallow enough that no reader or walker below can exhaust the stack.
MAX_DEPTH = 40

KeyPath = tuple[str | int, ...]
Fail = Callable[[int | None, str], NoReturn]


class _SourceInt(int):
    """A YAML integer that remembers how it was written (``+15550100``, ``007``)."""

    source: str


class _SourceFloat(float):
    """A YAML float that remembers how it was written (``1.10``)."""

    source: str


def source_text(value: Any) -> str:
    """A number as the person wrote it, anything else as ``str``."""
    return getattr(value, "source", None) or str(value)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars, no aliases, no tags, bounded depth.

    ``on``/``yes``/``no`` and ``12:30`` stay text; dates stay text, so the models
    can say what is wrong with ``2026-13-45`` instead of PyYAML failing without a
    line. Aliases and tags have no use in a profile and are the usual ways to make a
    YAML reader blow up (exponential expansion, recursive values, ``!!python``).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.last_plain: Any = None  # the last unquoted value read: where a ``key: a: b`` error starts
        self.last_quoted: Any = None  # the last quoted value read: where a stray or missing quote shows
        self.depth = 0

    def scan_plain(self) -> Any:
        token = super().scan_plain()
        self.last_plain = token
        return token

    def scan_flow_scalar(self, style: Any) -> Any:
        token = super().scan_flow_scalar(style)
        self.last_quoted = token
        return token

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark  # the pure-Python composer's mark (yaml.error.Mark): this loader never uses the C one
            raise ComposerError(None, None, f"'*{event.anchor}' is a YAML alias; write the value itself, or put it in quotes", mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise ComposerError(None, None, f"the YAML tag '{shown}' is not allowed in a profile; write the plain value", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    try:
        return _source_int(text)
    except ValueError:
        raise ConstructorError(None, None, f"the number {text[:20]}... is too long; put it in quotes if it is text", node.start_mark) from None


def _source_int(text: str) -> _SourceInt:
    """A YAML integer (``+1``, ``007``, ``0o17``, ``0x1F``) that remembers how it was written; ValueError when too long."""
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        number = int(digits[2:], 8)
    elif digits.startswith("0x"):
        number = int(digits[2:], 16)
    else:
        number = int(digits, 10)
    value = _SourceInt(-number if text.startswith("-") else number)
    value.source = text
    return value


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float:
    return _source_float(str(loader.construct_scalar(node)))


def _source_float(text: str) -> _SourceFloat:
    """A YAML float (``1.10``, ``.5``, ``-.inf``) that remembers how it was written."""
    value = _SourceFloat(SafeConstructor().construct_yaml_float(yaml.ScalarNode("tag:yaml.org,2002:float", text)))
    value.source = text
    return value


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_RESOLVED_FIRST = frozenset(_Loader.yaml_implicit_resolvers)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _PlainLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser with exactly the careful reader's scalars (resolvers and constructors)."""


_PlainLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_PlainLoader.yaml_constructors = _Loader.yaml_constructors


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter of one file, with where each key stands; private keys are dropped from both."""

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

    def fail(line: int | None, message: str) -> NoReturn:
        raise ProfileReadError(Problem(display_path, line, message))

    text = _decode(raw, fail=fail)
    boundary = YAMLHandler.FM_BOUNDARY
    opening = boundary.match(text)
    if opening is None:
        fail(1, "no front matter: the first line of a profile must be '---', then its keys, then another '---'")
    closing = boundary.search(text, opening.end())
    if closing is None:
        fail(1, "the front matter opened on this line is never closed: add a line '---' after its last key")
    yaml_text = text[opening.end() : closing.start()]
    first_line = text[: opening.end()].count("\n") + 1
    data, key_lines = _load_yaml(yaml_text, first_line=first_line, fail=fail)
    body = public_body(text[closing.end() :].lstrip("\n"))
    # A private key is spelt "private" in the text, or with a backslash escape in a quoted key:
    # front matter that holds neither has nothing to cut, and most profiles hold neither.
    if "private" in yaml_text or "\\" in yaml_text:
        key_lines = {path: line for path, line in key_lines.items() if not any(is_private_key(part) for part in path)}
        data = strip_private(data)
    return FrontMatter(data=data, body=body, key_lines=key_lines, opening_line=1)


def _decode(raw: bytes, *, fail: Fail) -> str:
    """UTF-8 text (a leading BOM is fine) with ``\\n`` line ends; the line of a bad byte otherwise."""
    if not raw.strip():
        fail(1, "empty file: a profile starts with a line '---', then its keys (name: ...), then another '---'")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        fail(1, "the file is saved as UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM, as Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        before = raw[: exc.start].rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace").strip()
        where = f"after '{before[-30:]}'" if before else "at the start of the line"
        fail(line, f"not UTF-8: the byte 0x{raw[exc.start]:02x} {where} cannot be read; save the file as UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        fail(text[: text.index("\x00")].count("\n") + 1, "the file holds a NUL byte; a profile is a text file")
    return text


def public_body(body: str) -> str:
    """The body up to ``<!-- private -->``; what follows never reaches the site."""
    marker = _PRIVATE_RE.search(body)
    if marker is None:
        return body
    return body[: marker.start()].rstrip() + "\n"


def _load_yaml(yaml_text: str, *, first_line: int, fail: Fail) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    simple = _load_simple_yaml(yaml_text, first_line=first_line)
    if simple is not None:
        return simple
    fast = _load_plain_yaml(yaml_text, first_line=first_line, fail=fail)
    return fast if fast is not None else _load_careful_yaml(yaml_text, first_line=first_line, fail=fail)


class _NotSimple(Exception):
    """Front matter the line reader leaves to libyaml: anything outside its subset, and every error."""


# The subset the line reader takes: block mappings of plain keys, block sequences, and values that
# are plain scalars on one line, simply quoted text, or one-line flow lists and mappings of plain
# words. Anything else (comments after a value, tabs, anchors, multi-line values, a sequence at
# its key's indentation, a key written twice, any error) goes to libyaml, whose reading is the
# reference: the line reader gives exactly its values and lines, or nothing.
_SIMPLE_CHARS = re.compile(r"[^\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]*\Z")
_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
# A plain scalar in block context: not starting with an indicator, no ': ' or ' #' inside, no ':'
# at the end, no whitespace but single spaces between words (the line's trailing spaces are gone).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BREAK = re.compile(r":(?:\s|\Z)|[^\S ]| (?:[#\s]|\Z)")
_SIMPLE_QUOTED = re.compile(r"(?:'([^']*)'|\"([^\"\\]*)\") *$")
# Inside a one-line flow list or mapping: simply quoted text, or plain words with no indicator, '?', ':' or '#';
# each item ends at a comma or at the end.
_FLOW_SCALAR = r"(?:'([^']*)'|\"([^\"\\]*)\"|((?![-,\[\]{}#&*!|>'\"%@`])[^?:#,\[\]{}\s](?:[^?:#,\[\]{}]*[^?:#,\[\]{}\s])?))"
_FLOW_ITEM = re.compile(rf" *{_FLOW_SCALAR} *(?:,|\Z)")
_FLOW_PAIR = re.compile(rf" *([A-Za-z_][A-Za-z0-9_-]*): +{_FLOW_SCALAR} *(?:,|\Z)")


def _load_simple_yaml(yaml_text: str, *, first_line: int) -> tuple[dict[str, Any], dict[KeyPath, int]] | None:
    """Most front matter is a few keys per line: read line by line, as libyaml would read it (else None)."""
    if not _SIMPLE_CHARS.match(yaml_text):
        return None
    lines = []
    for number, line in enumerate(yaml_text.split("\n")):
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            lines.append((len(line) - len(content), content.rstrip(" "), first_line + number))
    if not lines or lines[0][0] != 0:
        return None
    lines.append(_END)
    key_lines: dict[KeyPath, int] = {}
    try:
        data, end = _simple_mapping(lines, 0, 0, (), key_lines)
    except _NotSimple:
        return None
    return (data, key_lines) if lines[end] is _END else None


_Lines = list[tuple[int, str, int]]  # (indentation, text without it, line in the file)
_END = (-1, "", 0)  # after the last line: indented less than anything, so every block ends there
_SIMPLE_DEPTH = 8  # far deeper than any profile, far shallower than MAX_DEPTH


def _simple_mapping(lines: _Lines, at: int, indent: int, path: KeyPath, key_lines: dict[KeyPath, int]) -> tuple[dict[str, Any], int]:
    """The block mapping whose keys start at column ``indent``, from line ``at``; and the line after it."""
    if len(path) > _SIMPLE_DEPTH:
        raise _NotSimple
    mapping: dict[str, Any] = {}
    while True:
        column, text, line = lines[at]
        if column < indent:
            return mapping, at
        key = _SIMPLE_KEY.match(text)
        if column != indent or key is None:
            raise _NotSimple
        name = key.group(1)
        if name in mapping:
            raise _NotSimple
        child = (*path, name)
        key_lines[child] = line
        rest = text[key.end() :]
        at += 1
        below, next_text, _ = lines[at]
        if rest:
            mapping[name] = _simple_value(rest, child, line, key_lines)
        elif below > indent:
            if next_text == "-" or next_text.startswith("- "):
                mapping[name], at = _simple_sequence(lines, at, below, child, key_lines)
            else:
                mapping[name], at = _simple_mapping(lines, at, below, child, key_lines)
        elif below == indent and next_text.startswith("-"):
            raise _NotSimple  # a sequence at its key's own indentation
        else:
            mapping[name] = None
        if lines[at][0] > indent:
            raise _NotSimple  # a value that runs on, or a key indented like no other


def _simple_sequence(lines: _Lines, at: int, indent: int, path: KeyPath, key_lines: dict[KeyPath, int]) -> tuple[list[Any], int]:
    """The block sequence whose '- ' start at column ``indent``, from line ``at``; and the line after it."""
    items: list[Any] = []
    while True:
        column, text, line = lines[at]
        if column < indent:
            return items, at
        if column != indent or not text.startswith("- "):
            raise _NotSimple
        child = (*path, len(items))
        key_lines[child] = line
        rest = text[2:].lstrip(" ")
        offset = column + len(text) - len(rest)
        if _SIMPLE_KEY.match(rest):  # an item that is a mapping: its keys start where its first key does
            lines[at] = (offset, rest, line)
            item, at = _simple_mapping(lines, at, offset, child, key_lines)
            items.append(item)
        else:
            items.append(_simple_value(rest, child, line, key_lines))
            at += 1
            if lines[at][0] > indent:
                raise _NotSimple


def _simple_value(text: str, path: KeyPath, line: int, key_lines: dict[KeyPath, int]) -> Any:
    """A value on the key's own line: a plain scalar, simply quoted text, or a one-line flow list or mapping."""
    first = text[0]
    if first == "[":
        if not text.endswith("]"):
            raise _NotSimple
        items: list[Any] = []
        for found in _flow_items(_FLOW_ITEM, text[1:-1]):
            item: KeyPath = (*path, len(items))
            key_lines[item] = line
            items.append(_flow_scalar(*found.groups()))
        return items
    if first == "{":
        if not text.endswith("}"):
            raise _NotSimple
        mapping: dict[str, Any] = {}
        for found in _flow_items(_FLOW_PAIR, text[1:-1]):
            key, single, double, plain = found.groups()
            if key in mapping:
                raise _NotSimple
            child: KeyPath = (*path, key)
            key_lines[child] = line
            mapping[key] = _flow_scalar(single, double, plain)
        return mapping
    if first == "'" or first == '"':
        quoted = _SIMPLE_QUOTED.match(text)
        if quoted is None:
            raise _NotSimple
        return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if first in _INDICATORS or first.isspace() or _PLAIN_BREAK.search(text) is not None:
        raise _NotSimple
    return _plain_scalar(text)


def _flow_items(pattern: re.Pattern[str], inner: str) -> list[re.Match[str]]:
    """The items between a flow collection's brackets, each ending at its comma; none for blank."""
    if not inner.strip(" "):
        return []
    found, at = [], 0
    while at < len(inner):
        item = pattern.match(inner, at)
        if item is None or (item.group().endswith(",") and item.end() == len(inner)):  # a trailing comma
            raise _NotSimple
        found.append(item)
        at = item.end()
    return found


def _flow_scalar(single: str | None, double: str | None, plain: str | None) -> Any:
    if single is not None:
        return single
    if double is not None:
        return double
    assert plain is not None
    return _plain_scalar(plain)


def _plain_scalar(text: str) -> Any:
    """A plain scalar as the careful reader's resolvers and constructors make it."""
    if text[:1] not in _RESOLVED_FIRST:
        return text  # text, as no resolver starts with its first character
    for tag, pattern in _Loader.yaml_implicit_resolvers[text[:1]]:
        if pattern.match(text):
            if tag == _NULL_TAG:
                return None
            if tag == _BOOL_TAG:
                return text.lower() == "true"
            if tag == _INT_TAG:
                try:
                    return _source_int(text)
                except ValueError:
                    raise _NotSimple from None  # a number too long: libyaml's path reports it
            return _source_float(text)
    return text


# Anchors, aliases, tags, Unicode line separators or deep nesting send a document to the careful
# reader; so does any error, so that its messages are the only ones a salesperson sees.
_NOT_PLAIN = re.compile(r"[&*!\u2028\u2029\x85]|^ {60,}", re.MULTILINE)


def _load_plain_yaml(yaml_text: str, *, first_line: int, fail: Fail) -> tuple[dict[str, Any], dict[KeyPath, int]] | None:
    """Most front matter is plain YAML: libyaml reads it about five times faster, with the same scalars."""
    if not yaml.__with_libyaml__ or _NOT_PLAIN.search(yaml_text) or yaml_text.count("[") + yaml_text.count("{") > MAX_DEPTH:
        return None
    loader = _PlainLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        key_lines: dict[KeyPath, int] = {}
        refused: list[yaml.YAMLError] = []
        data = _plain_value(loader, node, (), key_lines, first_line=first_line, fail=fail, refused=refused)
        if refused:
            raise refused[0]
        return data, key_lines
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"


def _plain_value(
    loader: Any, node: yaml.Node, path: KeyPath, key_lines: dict[KeyPath, int], *, first_line: int, fail: Fail, refused: list[yaml.YAMLError]
) -> Any:
    """One walk over plain YAML's nodes: the value, and the line of every key and list item.

    The same values as PyYAML's constructor and the same checks as :func:`_map_positions`
    (a key written twice, a key that is not text), in one pass instead of two: a plain
    document has no anchors, aliases or tags, so each node is a value of its own. A value
    PyYAML refuses (a number too long) goes to ``refused`` and the walk goes on: the
    checks of keys come first, as when they had a walk of their own.
    """
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                fail(line, f"{_dotted(path) + ': ' if path else ''}a key must be a name followed by ':' (name: ...), not a list or keys")
            key = str(key_node.value)  # every key is text as written, as _map_positions reads it
            if key in seen:
                fail(line, f"{_dotted((*path, key))}: key written twice (first on line {seen[key]}); keep one")
            seen[key] = line
            child = (*path, key)
            key_lines[child] = line
            mapping[key] = _plain_value(loader, value_node, child, key_lines, first_line=first_line, fail=fail, refused=refused)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            key_lines[child] = first_line + item.start_mark.line
            items.append(_plain_value(loader, item, child, key_lines, first_line=first_line, fail=fail, refused=refused))
        return items
    tag = node.tag
    if tag == _STR_TAG:
        return node.value
    if tag == _NULL_TAG:
        return None
    try:
        return loader.yaml_constructors[tag](loader, node)  # bool, int and float: the careful reader's own constructors
    except yaml.YAMLError as exc:
        refused.append(exc)
        return None


def _load_careful_yaml(yaml_text: str, *, first_line: int, fail: Fail) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    # Lines are counted from character offsets, so YAML's own idea of a line break (it
    # also breaks at U+2028 and NEL) never shifts a reported line.
    def file_line(index: int) -> int:
        return first_line + yaml_text.count("\n", 0, index)

    loader: _Loader | None = None
    try:
        loader = _Loader(yaml_text)
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            fail(file_line(node.start_mark.index), f"the front matter is {kind}; it must be keys with values, one per line (name: ...)")
        key_lines: dict[KeyPath, int] = {}
        _map_positions(node, (), key_lines, file_line=lambda mark: file_line(mark.index), fail=fail)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        key = _key_on_line(yaml_text, exc.position)
        message = f"malformed YAML: the invisible character U+{exc.character:04X} cannot be in a profile; delete it"
        fail(file_line(exc.position), f"{key}: {message}" if key else message)
    except yaml.MarkedYAMLError as exc:
        quoted = _after_quoted(exc, yaml_text, loader)
        if quoted is not None:
            index, key, message = quoted
        else:
            index, message = _explain(exc, yaml_text, loader, file_line)
            key = _key_on_line(yaml_text, index)
        fail(file_line(index), f"{key}: {message}" if key else message)
    finally:
        if loader is not None:
            loader.dispose()
    return data, key_lines


def _explain(exc: yaml.MarkedYAMLError, yaml_text: str, loader: _Loader | None, file_line: Callable[[int], int]) -> tuple[int, str]:
    """Where the broken construct starts, and what is wrong with it in a salesperson's words."""
    problem_at = exc.problem_mark.index if exc.problem_mark is not None else 0
    start = exc.context_mark.index if exc.context_mark is not None else problem_at
    problem = exc.problem or "cannot be read"
    context = exc.context or ""
    problem_line = file_line(problem_at)

    if problem == "mapping values are not allowed here":
        plain = loader.last_plain if loader is not None else None
        if plain is not None and not yaml_text[plain.end_mark.index : problem_at].strip():
            start = plain.start_mark.index
            if file_line(start) == problem_line:
                return start, "malformed YAML: this value holds ': '; put the whole value in quotes"
            return start, (
                f"malformed YAML: this value runs on to line {problem_line}, which holds a key; "
                f"indent line {problem_line} like the keys above it, or put this value in quotes"
            )
        return start, "malformed YAML: a ':' where no key can start; check the indentation of this line, or put the value in quotes"
    if context == "while scanning a quoted scalar":
        return start, "malformed YAML: the quote that opens this value is never closed; add the closing quote"
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        if problem_line != file_line(start):
            return start, f"malformed YAML: the '{opener}' opened here is never closed with '{closer}'"
        return start, f"malformed YAML: the '{opener}...{closer}' on this line cannot be read; put items that hold ':', ',', '?' or '#' in quotes"
    bad_start = re.fullmatch(r"found character '(.+)' that cannot start any token", problem)
    if bad_start is not None:
        if bad_start.group(1) == "\\t":
            return start, "malformed YAML: a tab character; indent with spaces only"
        return start, f"malformed YAML: a value cannot start with '{bad_start.group(1)}'; put the value in quotes"
    if context in ("while parsing a block mapping", "while parsing a block collection") and problem.startswith("expected <block end>"):
        return start, f"malformed YAML: line {problem_line} is not indented like the other keys or '- ' items of the block that starts here"
    if problem.startswith(("'*", "the YAML tag", "nested more than", "the number")):
        return start, f"malformed YAML: {problem}"
    detail = f"{problem} ({context})" if context else problem
    where = f" on line {problem_line}" if problem_line != file_line(start) else ""
    return start, f"malformed YAML: {detail.rstrip('.')}{where}"


def _after_quoted(exc: yaml.MarkedYAMLError, yaml_text: str, loader: _Loader | None) -> tuple[int, str | None, str] | None:
    """An error just after a quoted value is that value's: a quote left open, or a stray quote inside it.

    ``company: "Doe Hardware`` with a quoted value further down reads on to that
    value's opening quote; ``why: 'Her family's firm'`` ends at the apostrophe.
    Either way YAML notices only at the text after the quote that closed the value.
    Returns where that value's key (or list item) stands, the key, and the message.
    """
    quoted = loader.last_quoted if loader is not None else None
    problem = exc.problem or ""
    text_follows = isinstance(exc, yaml.parser.ParserError) and problem.endswith("'<scalar>'")
    if quoted is None or exc.problem_mark is None or not (text_follows or problem == "mapping values are not allowed here"):
        return None
    end = quoted.end_mark.index
    offending = exc.problem_mark.index
    plain = loader.last_plain if loader is not None else None
    if problem == "mapping values are not allowed here" and plain is not None and plain.start_mark.index >= end:
        if yaml_text[plain.end_mark.index : offending].strip():
            return None
        offending = plain.start_mark.index  # ``"x"y: z``: the text after the quote holds the ':'
    if offending < end or "\n" in yaml_text[end:offending] or yaml_text[end:offending].strip():
        return None
    start = quoted.start_mark.index
    index, key = _item_or_key_at_or_before(yaml_text, start)
    if _runs_over_a_key(yaml_text[start:end], column=_structure_column(_line_from(yaml_text, index))):
        return index, key, "malformed YAML: the quote that opens this value is never closed; add the closing quote"
    if yaml_text[start] == "'":
        return index, key, "malformed YAML: a ' inside a '...' value must be written twice ('') or use double quotes"
    return index, key, 'malformed YAML: a " inside a "..." value must be written \\" or use single quotes'


def _line_start(yaml_text: str, index: int) -> int:
    return yaml_text.rfind("\n", 0, index) + 1


def _line_from(yaml_text: str, start: int) -> str:
    """The text from ``start`` to the end of its line."""
    end = yaml_text.find("\n", start)
    return yaml_text[start : end if end != -1 else len(yaml_text)]


def _item_or_key_at_or_before(yaml_text: str, index: int) -> tuple[int, str | None]:
    """The nearest line at or before ``index`` that starts a key or a '- ' item, and the nearest key so far."""
    start = _line_start(yaml_text, index)
    found: int | None = None
    while True:
        line = _line_from(yaml_text, start)
        key = _KEY_ON_LINE.match(line)
        if found is None and (key is not None or _ITEM_ON_LINE.match(line)):
            found = start
        if key is not None:
            return found if found is not None else start, key.group(1)
        if start == 0:
            return found if found is not None else _line_start(yaml_text, index), None
        start = _line_start(yaml_text, start - 1)


def _structure_column(line: str) -> int | None:
    """The column of the key a line starts with, else of its '- '; None for a line that starts neither."""
    key = _KEY_ON_LINE.match(line)
    if key is not None:
        return key.start(1)
    return len(line) - len(line.lstrip(" ")) if _ITEM_ON_LINE.match(line) else None


def _runs_over_a_key(value: str, *, column: int | None) -> bool:
    """A quoted value whose later lines start keys or items no deeper than its own: its closing quote is missing."""
    for line in value.split("\n")[1:]:
        found = _structure_column(line)
        if found is not None and (column is None or found <= column):
            return True
    return False


_ITEM_ON_LINE = re.compile(r"\s*-(?:\s|$)")
_KEY_ON_LINE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s|$)")


def _key_on_line(yaml_text: str, index: int) -> str | None:
    """The key written on the line of ``index``, if that line starts with one."""
    start = yaml_text.rfind("\n", 0, index) + 1
    end = yaml_text.find("\n", index)
    found = _KEY_ON_LINE.match(yaml_text[start : end if end != -1 else len(yaml_text)])
    return found.group(1) if found else None


def _map_positions(node: yaml.Node, path: KeyPath, key_lines: dict[KeyPath, int], *, file_line: Callable[[yaml.Mark], int], fail: Fail) -> None:
    """Record the line of every key and list item; a key written twice is an error; keys are text."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = file_line(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                fail(line, f"{_dotted(path) + ': ' if path else ''}a key must be a name followed by ':' (name: ...), not a list or keys")
            # Every key is text as written: `1:` or `null:` is a misspelt key, not a number or nothing.
            key_node.tag = "tag:yaml.org,2002:str"
            key = str(key_node.value)
            if key in seen:
                fail(line, f"{_dotted((*path, key))}: key written twice (first on line {seen[key]}); keep one")
            seen[key] = line
            child = (*path, key)
            key_lines[child] = line
            _map_positions(value_node, child, key_lines, file_line=file_line, fail=fail)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            key_lines[child] = file_line(item.start_mark)
            _map_positions(item, child, key_lines, file_line=file_line, fail=fail)


def _dotted(path: KeyPath) -> str:
    """``knows[0].contact`` for the key path ('knows', 0, 'contact')."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted_key = _dotted


def is_private_key(key: Any) -> bool:
    """``private`` and ``private_*`` keys never reach the site."""
    return isinstance(key, str) and (key == "private" or key.startswith("private_"))


def strip_private(value: Any) -> Any:
    """Drop every key named ``private`` or starting with ``private_``, at any depth."""
    if isinstance(value, dict):
        return {key: strip_private(item) for key, item in value.items() if not is_private_key(key)}
    if isinstance(value, list):
        return [strip_private(item) for item in value]
    return value
