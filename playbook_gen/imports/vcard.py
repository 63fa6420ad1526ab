"""vCard 3.0 and 4.0 files, one card or many, read one card at a time (vobject parses each card).

A card's photo, logo, sound and key can be megabytes of base64 on one folded
line or thousands of them; a property the import does not use is dropped while
it is read, piece by piece, so memory holds one card's useful lines and never a
photo whole. A property the import uses that is longer than a cell may be is
one error line, like an oversize CSV cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..identity import linkedin_url
from .errors import SourceError
from .sources import MAX_CELL, Row, clean, person
from .textfile import open_text

KEPT = frozenset({"BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE", "SOCIALPROFILE"})
"""The properties the import reads; every other one (PHOTO, LOGO, NOTE, ADR…) is dropped while reading."""
_PIECE = 1 << 16
_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")


class _Card:
    """The kept lines of the card being read."""

    def __init__(self, number: int, line: int) -> None:
        self.number = number
        self.line = line
        self.lines: list[str] = []
        self.size = 0


def _pieces(text: TextIO) -> Iterator[tuple[int, bool, str]]:
    """(line number, starts a physical line, text) in pieces of at most 64 KiB: a long line is never read whole."""
    line, at_start = 0, True
    while True:
        try:
            piece = text.readline(_PIECE)
        except UnicodeDecodeError as exc:
            raise SourceError(f"cannot be decoded ({exc.reason}): the file is damaged or cut short", line=line + 1) from None
        if not piece:
            return
        if at_start:
            line += 1
        yield line, at_start, piece
        at_start = piece.endswith(("\n", "\r"))


def _cards(text: TextIO) -> Iterator[tuple[_Card, str]]:
    """Each card's kept properties as vCard text (folding kept), with its number and first line."""
    card: _Card | None = None
    keep = False
    property_name = ""
    property_size = 0
    number = 0
    seen_any = False
    for line, at_start, piece in _pieces(text):
        if at_start and piece[:1] not in (" ", "\t"):  # a new property (a continuation starts with white space)
            found = _NAME.match(piece)
            property_name = found.group(1).upper() if found else ""
            property_size = 0
            value = piece.split(":", 1)[1].strip().upper() if ":" in piece else ""
            if property_name == "BEGIN" and value == "VCARD":
                number += 1
                seen_any = True
                card = _Card(number, line)
            keep = card is not None and property_name in KEPT
        if not keep or card is None:
            continue
        property_size += len(piece)
        if property_size > MAX_CELL and property_name not in ("BEGIN", "END"):
            raise SourceError(f"a {property_name} of more than {MAX_CELL:,} characters in card {card.number}: not a contacts card", line=line)
        card.lines.append(piece)
        if at_start and property_name == "END" and piece.split(":", 1)[-1].strip().upper() == "VCARD":
            yield card, "".join(card.lines)
            card, keep = None, False
    if not seen_any:
        raise SourceError("not a vCard file: no 'BEGIN:VCARD' line")


def read_vcard(path: Path) -> Iterator[Row]:
    """vCard 3.0 and 4.0 files, one card or many; a card vobject cannot read is a skipped row, saying why."""
    import vobject

    with open_text(path) as text:
        for card, source in _cards(text):
            try:
                parsed = vobject.readOne(source, ignoreUnreadable=True)
            except Exception as exc:
                yield Row(card.number, {}, skip=f"card {card.number} (line {card.line}) cannot be read: {' '.join(str(exc).split())[:200]}")
                continue
            yield person(card.number, _card_values(parsed))


def _card_values(card: Any) -> dict[str, str]:
    contents: dict[str, list[Any]] = getattr(card, "contents", {})

    def preferred(key: str) -> Any | None:
        lines = contents.get(key) or []
        marked = [line for line in lines if _is_preferred(line)]
        return (marked or lines or [None])[0]

    values: dict[str, str] = {}
    fn = preferred("fn")
    if fn is not None:
        values["name"] = clean(str(getattr(fn, "value", "")))
    n = preferred("n")
    if not values.get("name") and n is not None:
        name = getattr(n, "value", None)
        parts = [getattr(name, part, "") for part in ("given", "additional", "family")]
        values["name"] = clean(" ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p))
    org = preferred("org")
    if org is not None:
        value = getattr(org, "value", "")
        values["company"] = clean(value[0] if isinstance(value, list) and value else str(value))
    title = preferred("title")
    if title is not None:
        values["role"] = clean(str(getattr(title, "value", "")))
    email = preferred("email")
    if email is not None:
        values["email"] = clean(str(getattr(email, "value", "")))
    tel = preferred("tel")
    if tel is not None:
        values["phone"] = clean(re.sub(r"^tel:", "", str(getattr(tel, "value", "")), flags=re.IGNORECASE))
    for key in ("url", "x-socialprofile", "socialprofile"):
        for line in contents.get(key) or []:
            url = linkedin_url(str(getattr(line, "value", "")))
            if url is not None:
                values.setdefault("linkedin", url)
    return values


def _is_preferred(line: Any) -> bool:
    """vCard 3.0 marks the preferred value ``TYPE=pref``, 4.0 ``PREF=1``."""
    params: dict[str, list[str]] = getattr(line, "params", {})
    types = [str(t).casefold() for t in params.get("TYPE", [])]
    return "pref" in types or [str(p) for p in params.get("PREF", [])] == ["1"]
