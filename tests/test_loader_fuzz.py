"""The loader under random input: it may reject a file, but only with one clear ``path:line: message``.

Random bytes, random YAML documents and random front-matter-like text go to
``parse_profile`` and then to ``validate`` with every profile model; nothing
but :class:`ProfileReadError` may come out, and every problem is one line that
points at a line of the file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.kinds import KINDS
from playbook_gen.playbook import Source, load_playbook, validate
from playbook_gen.problems import Problem
from playbook_gen.profiles import FrontMatter, ProfileReadError, is_private_key, parse_profile

PATH = "docs/contacts/dana-ruiz.md"
# Enough examples to find the classic YAML traps in a few seconds each; CI runs this on every push.
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_STRUCTURED = settings(FUZZ, max_examples=120)

# Every key the models know, so random documents reach the nested models, not only "unknown key".
KEYS = sorted(
    {name for kind in KINDS for name in kind.model.model_fields}
    | {"contact", "customer", "strength", "how", "statement", "importance", "satisfaction", "title", "finished", "result", "date"}
    | {"private", "private_notes", "<<", "1", "null"}
)


def line_count(raw: bytes) -> int:
    """Lines of the file as an editor shows them (CRLF and CR are line ends too)."""
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def assert_clear(problem: Problem, raw: bytes) -> None:
    text = str(problem)
    assert "\n" not in text and "\r" not in text, text
    assert text.startswith(f"{PATH}:") or text.startswith(f"{PATH}: "), text
    assert problem.line is None or 1 <= problem.line <= line_count(raw), (problem, line_count(raw))
    assert "Traceback" not in text and "<unicode string>" not in text, text


def load_and_validate(raw: bytes) -> None:
    """The whole reading path of one file; only a clear rejection may stop it."""
    try:
        front_matter = parse_profile(raw, display_path=PATH)
    except ProfileReadError as exc:
        assert_clear(exc.problem, raw)
        return
    assert isinstance(front_matter, FrontMatter)
    assert all(1 <= line <= line_count(raw) for line in front_matter.key_lines.values())
    source = Source(path=Path("/repo", PATH), display_path=PATH, src_uri="contacts/dana-ruiz.md", front_matter=front_matter)
    for model in (kind.model for kind in KINDS):
        data, problems = validate(model, front_matter.data, source)
        for problem in problems:
            assert_clear(problem, raw)
        if data is None:
            assert any(p.severity == "error" for p in problems), "a rejected profile always says why"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2026-11-02", "2026-13-45", "yes", "no", "on", "0o17", "0x1F", "12:30", "~", "", "dana-ruiz", "not-asked"]),
    st.dates().map(lambda d: d.isoformat()),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), children, max_size=6),
    ),
    max_leaves=25,
)

# Pieces of lines as people (and bad exports) write front matter.
KEY_PIECES = st.sampled_from([*KEYS, "", "  ", "- ", "-", "? ", ": "])
VALUE_PIECES = st.sampled_from(
    [
        "",
        " ",
        "Dana Ruiz",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        ": ",
        "#",
        "&a",
        "*a",
        "!!int",
        "!x",
        "|",
        ">",
        "%YAML 1.2",
        "@",
        "`",
        "\t",
        "---",
        "...",
        "- ",
        "2026-13-45",
        "1e999",
        "9" * 50,
        "<!-- private -->",
        "\u2028",
        "\x85",
        "\x07",
        "\ufeff",
        "é",
        "\\",
    ]
)
lines = st.tuples(st.sampled_from(["", " ", "  ", "    ", "\t"]), KEY_PIECES, st.sampled_from(["", ":", ": "]), st.lists(VALUE_PIECES, max_size=4)).map(
    lambda parts: parts[0] + parts[1] + parts[2] + "".join(parts[3])
)
front_matter_like = st.tuples(
    st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "", "--- \n", "----\n"]),
    st.lists(lines, max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["---\n", "---", "", "...\n", "---\nNotes <!-- private --> secret\n"]),
).map(lambda parts: parts[0] + parts[2].join(parts[1]) + parts[2] + parts[3])


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes(raw: bytes) -> None:
    load_and_validate(raw)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_inside_front_matter(raw: bytes) -> None:
    load_and_validate(b"---\n" + raw + b"\n---\nNotes.\n")


@FUZZ_STRUCTURED
@given(documents, st.booleans())
def test_random_yaml_documents(document: Any, flow: bool) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    load_and_validate(f"---\n{text}---\nNotes.\n".encode())


@FUZZ_STRUCTURED
@given(front_matter_like)
def test_random_front_matter_like_text(text: str) -> None:
    load_and_validate(text.encode("utf-8"))


@FUZZ_STRUCTURED
@given(st.lists(st.tuples(st.sampled_from(KEYS), st.text(max_size=30)), max_size=10, unique_by=lambda pair: pair[0]))
def test_every_key_is_found_on_its_own_line(pairs: list[tuple[str, str]]) -> None:
    body = "".join(f"{key}: {json.dumps(value)}\n" for key, value in pairs)
    front_matter = parse_profile(f"---\n{body}---\n".encode(), display_path=PATH)
    expected = {key: index + 2 for index, (key, _) in enumerate(pairs) if not is_private_key(key)}
    assert {key[0]: line for key, line in front_matter.key_lines.items()} == expected


@settings(FUZZ, max_examples=25)
@given(st.lists(st.one_of(st.binary(max_size=200), front_matter_like.map(str.encode)), min_size=1, max_size=4))
def test_a_whole_playbook_of_random_files_is_loaded_or_rejected_clearly(files: list[bytes]) -> None:
    names = ["customers/priya-raman.md", "contacts/dana-ruiz.md", "contacts/ben-adler.md", "salespeople/tom-becker.md"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs/salespeople").mkdir(parents=True)
        (root / "docs/salespeople/maya-okafor.md").write_text("---\nname: Maya Okafor\noffer: numbers in order\n---\n", encoding="utf-8")
        for name, raw in zip(names, files, strict=False):  # fewer files than names: the rest stay unwritten
            path = root / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        playbook = load_playbook(root / "docs", root=root)
        for problem in playbook.problems:
            assert "\n" not in str(problem) and problem.path.startswith("docs/")
