"""Profile ids: the rule they follow and the slug made from a name."""

from __future__ import annotations

import re
import unicodedata

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
        " " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co", "Cn")
        else f" {anyascii(ch)} " if unicodedata.east_asian_width(ch) in ("W", "F") else anyascii(ch)
        for ch in name
    )
    return slugify(ascii_name, lowercase=True, separator="-")


RESERVED_IDS = frozenset({"index"})
"""Ids no profile of any kind may take (SPEC §2): ``docs/contacts/index.md`` would take the contacts' list page."""

RESERVED_BY_FOLDER: dict[str, frozenset[str]] = {"salespeople": frozenset({"team"})}
"""Ids one kind may not take: a salesperson ``team`` would build into ``site/team/``, the team site's folder."""

_TAKEN_PAGE = {
    "index": "the page that lists them ({folder}/index.html)",
    "team": "the sales manager's team site (site/team/)",
}


def reserved_ids(folder: str | None = None) -> frozenset[str]:
    """The ids a profile of this folder (``customers``, ``salespeople``…) may not take; every kind's with None."""
    return RESERVED_IDS | RESERVED_BY_FOLDER.get(folder or "", frozenset())


def reserved_reason(folder: str, profile_id: str) -> str | None:
    """Why this id cannot be a profile of this folder, in one phrase, or None when it can."""
    if profile_id not in reserved_ids(folder):
        return None
    return f"the id '{profile_id}' would take {_TAKEN_PAGE[profile_id].format(folder=folder)}"


def free_id(base: str, taken: set[str] | frozenset[str], *, folder: str | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``… when it is taken or reserved (``index`` gives ``index-2``)."""
    candidate, number = base, 1
    while candidate in taken or candidate in reserved_ids(folder):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
