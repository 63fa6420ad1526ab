"""Text from profiles and from ``mkdocs.yml`` stays text: the invisible characters that would reorder a page go.

A Unicode bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE, an isolate, a
directional mark) in a name would reverse the sentence around it on every page,
in the calendar and in the table. They mean nothing in a salesperson's notes, so
they are removed wherever profile text is read (SPEC §5), and from ``site_name``.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional formatting characters of Unicode (UAX #9): embeddings, overrides, isolates and marks."""
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def without_bidi(text: str) -> str:
    """The text without bidirectional controls: it reads in the order it was written, whatever the page around it."""
    return _BIDI.sub("", text)
