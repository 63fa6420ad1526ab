"""Profile ids: the rule they follow and the slug made from a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from anyascii import anyascii
from slugify import slugify

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)


def is_valid_id(candidate: str) -> bool:
    """Lowercase ASCII letters, digits and single hyphens (``dana-ruiz``)."""
    return bool(_ID_RE.match(candidate))


def id_from_name(name: str) -> str:
    """An id made from a full name, transliterated to ASCII (``Zoë Test`` → ``zoe-test``)."""
    # anyascii spells each wide (CJK) character as one syllable with no space
    # between them ("ZhangWei"); padding them keeps each syllable a word.
    # Symbols (emoji: "Ana 🚀") are no part of a name's id; anyascii would spell them out (":rocket:").
    ascii_name = "".join(
        " "
        if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co", "Cn")
        else f" {anyascii(ch)} "
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else anyascii(ch)
        for ch in name
    )
    return slugify(ascii_name, lowercase=True, separator="-")


def free_id(base: str, taken: Collection[str], *, reserved: Collection[str] = ()) -> str:
    """``base``, or ``base-2``, ``base-3``… when it is taken or reserved (``index`` gives ``index-2``).

    ``reserved``: the ids the profile's kind may not take (:func:`playbook_gen.kinds.reserved_ids`).
    """
    candidate, number = base, 1
    while candidate in taken or candidate in reserved:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
