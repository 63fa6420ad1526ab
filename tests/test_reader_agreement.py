"""The quick readers of front matter give exactly what the reference reading gives, or step aside.

Reading a profile tries a line reader for the simple front matter most profiles hold,
then libyaml, then the careful pure-Python reader that words every error. Each quicker
reader must either return the very values, types and key lines of the next one, or
nothing; errors are always left to the next one. Random documents in and around the
line reader's subset (quoted and plain scalars, numbers as written, flow lists and
mappings, nesting, comments, trailing spaces, tabs, indicators) check that it does.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.profiles import _load_careful_yaml, _load_plain_yaml, _load_simple_yaml, _map_positions, _PlainLoader

CHECKS = settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["Dana Ruiz", "a", "x y", "12:30", "2026-11-23", "007", "+15550100", "0x1F", "0o17", "0o8", "1_000", "1.10", ".5", "1e3", "1."]
WORDS += ["-1", "-.inf", ".nan", "~", "null", "NULL", "true", "False", "TRUE", "tRUE", "yes", "on", "C#", "a#b", "a #b", "a: b", "a:b", "a:"]
WORDS += ["http://x.y/z?q=1", "Salt & Pepper", "Hi!", "*x", "&x", "!x", "x*", "-x", "- x", "?x", "q?", "[x]", "{x}", "a]b", "a, b", "it's"]
WORDS += ["é", "中文", "😀", "a  b", "x\u00a0y", "...", "---", "%x", "@x", "`x`", "|", ">", "", "9" * 4400, "private_x", "12", "0", "-0"]
KEYS = ["name", "owner", "why", "knows", "contact", "strength", "asks", "date", "jobs", "recent_project", "title", "on", "null", "1", "a b", "é", "k"]


@st.composite
def scalars(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(WORDS))
    quoting = draw(st.sampled_from(["", "", "", "'", '"']))
    return f"{quoting}{word.replace(quoting, '') if quoting else word}{quoting}"


@st.composite
def flows(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        items = draw(st.lists(scalars(), max_size=3))
        return "[" + ", ".join(items) + draw(st.sampled_from(["]", "]", ",]", " ]"]))
    pairs = draw(st.lists(st.tuples(st.sampled_from(KEYS), scalars()), max_size=3))
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + draw(st.sampled_from(["}", " }"]))


@st.composite
def mappings(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key, pad = draw(st.sampled_from(KEYS)), " " * indent
        shape = draw(st.sampled_from(["scalar", "scalar", "scalar", "flow", "empty", "map", "seq"] if depth < 3 else ["scalar", "flow", "empty"]))
        if shape == "map":
            lines += [f"{pad}{key}:", *draw(mappings(indent + draw(st.sampled_from([1, 2, 3])), depth + 1))]
        elif shape == "seq":
            lines += [f"{pad}{key}:", *draw(sequences(indent + draw(st.sampled_from([0, 2, 2, 4])), depth + 1))]
        else:
            value = {"scalar": draw(scalars()), "flow": draw(flows()), "empty": ""}[shape]
            lines.append(f"{pad}{key}:{draw(st.sampled_from([' ', ' ', '  ']))}{value}{draw(st.sampled_from(['', '', ' ', ' # note', chr(9)]))}")
        if draw(st.integers(0, 19)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# a comment", "  # indented", pad + "  runs on", chr(9) + "x: 1"])))
    return lines


@st.composite
def sequences(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        pad = " " * indent
        if draw(st.booleans()):
            inner = draw(mappings(indent + draw(st.sampled_from([2, 2, 3])), depth + 1))
            first = inner[0].lstrip(" ")
            lines += [pad + "-" + " " * (len(inner[0]) - len(first) - indent - 1) + first, *inner[1:]]
        else:
            lines.append(f"{pad}- {draw(st.one_of(scalars(), flows()))}")
    return lines


def typed(value: Any) -> Any:
    """A value with the type of every part, and how a number was written."""
    if isinstance(value, dict):
        return ("map", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, repr(value), getattr(value, "source", None))


class Refused(Exception):
    pass


def refuse(line: int | None, message: str) -> Any:
    raise Refused(f"line {line}: {message}")


def read_by_libyaml(text: str) -> Any:
    """libyaml's reading of plain YAML (None: it leaves the document to the careful reader), or the error it stops at."""
    try:
        found = _load_plain_yaml(text, first_line=2, fail=refuse)
    except Refused as exc:
        return ("refused", str(exc))
    return None if found is None else (typed(found[0]), found[1])


def read_without_line_reader(text: str) -> Any:
    """What reading gives when the line reader steps aside: libyaml's reading, else the careful reader's."""
    found = read_by_libyaml(text)
    if found is not None:
        return found
    try:
        data, key_lines = _load_careful_yaml(text, first_line=2, fail=refuse)
    except Refused as exc:
        return ("refused", str(exc))
    return (typed(data), key_lines)


@given(st.builds("\n".join, mappings()))
@CHECKS
def test_the_line_reader_reads_as_libyaml_does_or_leaves_it_to_libyaml(text: str) -> None:
    simple = _load_simple_yaml(text, first_line=2)
    if simple is not None:
        assert (typed(simple[0]), simple[1]) == read_without_line_reader(text), text


@given(st.builds("\n".join, mappings()))
@CHECKS
def test_reading_plain_yaml_in_one_walk_gives_what_pyyaml_and_a_walk_of_positions_give(text: str) -> None:
    walked = read_by_libyaml(text)
    if walked is None or walked[0] == "refused":
        return
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        key_lines: dict[Any, int] = {}
        _map_positions(node, (), key_lines, file_line=lambda mark: 2 + mark.line, fail=refuse)
        assert walked == (typed(loader.construct_document(node)), key_lines), text
    finally:
        loader.dispose()


def test_every_word_in_every_place_reads_as_without_the_line_reader() -> None:
    """Each tricky word, plain and quoted, as a value, a list item, a flow item and a flow mapping's value."""
    places = ["key: {}", "key:\n  - {}", "key: [a, {}]", "key: [{}, a]", "key: {{k: {}}}", "key:\n  - k: {}\n    j: 1", "key:  {}  "]
    checked = 0
    for word in WORDS:
        for quoting in ("", "'", '"'):
            value = f"{quoting}{word.replace(quoting, '') if quoting else word}{quoting}"
            for place in places:
                text = place.format(value)
                simple = _load_simple_yaml(text, first_line=2)
                if simple is not None:
                    checked += 1
                    assert (typed(simple[0]), simple[1]) == read_without_line_reader(text), text
    assert checked > 500


def test_every_profile_of_the_example_playbook_is_simple() -> None:
    """The line reader is worth its place: the example playbook's profiles all take it."""
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    profiles = [path for folder in ("salespeople", "customers", "contacts", "questions") for path in sorted((docs / folder).glob("*.md"))]
    assert len(profiles) > 20
    for path in profiles:
        text = path.read_text(encoding="utf-8").split("---\n")[1]
        simple = _load_simple_yaml(text, first_line=2)
        assert simple is not None, path
        assert (typed(simple[0]), simple[1]) == read_without_line_reader(text), path
