"""Opening an export file as text: its encoding told with certainty or refused, read line by line within limits.

Exports come as UTF-8 (with or without a byte-order mark), UTF-16 with a BOM
(Google's older CSV, Outlook) or a Windows or Japanese code page (Excel). A
file that is valid UTF-8 is UTF-8; anything else is told by charset-normalizer,
and only a confident answer is taken: a Shift-JIS file is read as Shift-JIS or
refused, never turned into cp1252 mojibake. A binary file, a line without end
and a decoding error are one :class:`~.sources.SourceError` with the line.
The file is read in pieces, never held whole.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from .errors import SourceError

SAMPLE_BYTES = 1 << 20
"""How much of a file that is not UTF-8 charset-normalizer reads to tell its encoding."""
MAX_CHAOS = 0.1
"""charset-normalizer's "mess" of the best guess (0: clean text); above it the guess is not taken."""
MAX_LINE = 1_000_000
"""Characters in one physical line; beyond it the file is not an export (or a quote is broken)."""
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHUNK = 1 << 16


def _line_at(path: Path, offset: int) -> int:
    """The line number of a byte offset (counting newlines before it)."""
    line = 1
    with path.open("rb") as stream:
        done = 0
        while done < offset:
            piece = stream.read(min(_CHUNK, offset - done))
            if not piece:
                break
            line += piece.count(b"\n")
            done += len(piece)
    return line


def _utf8_or_problem(path: Path) -> tuple[int, str] | None:
    """None when the file is UTF-8 text; else (byte offset, what is wrong) of the first problem."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as stream:
        while piece := stream.read(_CHUNK):
            nul = piece.find(b"\x00")
            if nul >= 0:
                return offset + nul, "binary"
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as exc:
                return offset + max(exc.start, 0), "not utf-8"
            offset += len(piece)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset, "not utf-8"
    return None


def detect_encoding(path: Path) -> str:
    """The file's encoding: from its BOM, UTF-8 when it decodes as UTF-8, else charset-normalizer's confident answer."""
    with path.open("rb") as stream:
        head = stream.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    problem = _utf8_or_problem(path)
    if problem is None:
        return "utf-8"
    offset, what = problem
    line = _line_at(path, offset)
    if what == "binary":
        raise SourceError("a binary file (a NUL byte), not a text export; UTF-16 needs its byte-order mark", line=line)
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
    best = from_bytes(sample).best()
    if best is None or best.chaos > MAX_CHAOS or best.encoding in ("utf_8", "ascii"):
        raise SourceError("not UTF-8, and its encoding cannot be told for certain; save it as UTF-8 (CSV UTF-8 in Excel) and import it again", line=line)
    return best.encoding


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """The file as text in its own encoding (see :func:`detect_encoding`); line endings are left to the reader."""
    encoding = detect_encoding(path)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="") as text:
        yield text


def lines(text: TextIO, *, counter: list[int]) -> Iterator[str]:
    """Physical lines; ``counter[0]`` is the number of the last line read. A decoding error or a line
    longer than :data:`MAX_LINE` is a :class:`SourceError` on its line."""
    while True:
        try:
            line = text.readline(MAX_LINE + 1)
        except UnicodeDecodeError as exc:
            raise SourceError(f"cannot be decoded as {_encoding_name(text)} ({exc.reason}): the file is damaged or cut short", line=counter[0] + 1) from None
        if not line:
            return
        counter[0] += 1
        if len(line) > MAX_LINE and not line.endswith(("\n", "\r")):
            raise SourceError(f"a line of more than {MAX_LINE:,} characters: not a contacts export", line=counter[0])
        yield line


def _encoding_name(text: TextIO) -> str:
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16"}.get(text.encoding, text.encoding)
