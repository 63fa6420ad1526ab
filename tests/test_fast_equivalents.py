"""The generator's faster helpers give exactly what the slower standard ones they replace give.

Speed work must change no byte of a page: each helper is held to the standard
function it stands for, on generated input.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook_gen.render import _relpath, mailto, percent_encoded

MAILTO_SAFE = "@!$'()*+;:="
# Text as profiles hold it: any character but a lone surrogate (a file read as UTF-8 has none).
TEXT = st.text(st.characters(exclude_categories=("Cs",)))


@given(TEXT, st.sampled_from(["", MAILTO_SAFE, "/"]))
def test_percent_encoding_is_urllib_quote(text: str, safe: str) -> None:
    assert percent_encoded(text, safe=safe) == quote(text, safe=safe)


@given(st.emails(), TEXT, TEXT)
def test_a_mailto_link_quotes_as_urllib_does(address: str, subject: str, body: str) -> None:
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    assert (
        mailto(address, subject=subject, body=body)
        == f"mailto:{quote(address, safe=MAILTO_SAFE)}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    )


SEGMENT = st.sampled_from(["customers", "contacts", "a", "b.md", ".", "..", "x-y"])


@given(st.lists(SEGMENT, min_size=1, max_size=4).map("/".join), st.lists(SEGMENT, min_size=1, max_size=4).map("/".join))
def test_relative_paths_are_posixpaths(path: str, start: str) -> None:
    for _ in range(2):  # worked out, then remembered
        assert _relpath(path, start) == posixpath.relpath(path, start)


def _text_the_long_way(value: str) -> str:
    from playbook_gen.model import _INVISIBLE
    from playbook_gen.text import without_bidi

    if _INVISIBLE.search(value):
        raise ValueError("invisible")
    return " ".join(without_bidi(value).split())


@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1f\x7f\x85\u200f\u202e\u2066 aZ9-é.")) | TEXT)
def test_a_text_key_is_what_the_long_way_makes_of_it(value: str) -> None:
    from playbook_gen.model import _text

    try:
        expected: str | None = _text_the_long_way(value)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="invisible character"):
            _text(value)
    else:
        assert _text(value) == expected
