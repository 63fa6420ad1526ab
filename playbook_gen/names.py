"""People's names as the playbook keeps them: given and family name, without titles or post-nominals.

SPEC §3 says a profile's ``name`` is the given and family name, "no titles or
post-nominals"; SPEC §9 says imports keep ``Dr.``, ``MD``, ``Esq.``, ``PhD``,
``CPA`` … out of the name and the id. :func:`clean_name` is the one place that
rule lives (``import`` uses it; ``new`` can). nameparser knows the titles and
post-nominals of many languages; only the words it recognises are taken out,
so the rest of the name keeps its spelling, its quotes and its emoji.

A generational suffix (``Jr.``, ``Sr.``, ``III``) is part of the name, not a
credential: "Peter Müller" and "Peter Müller Jr." are two people (often father
and son at the same company), and their names and ids stay apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from anyascii import anyascii
from nameparser import HumanName
from nameparser.config import CONSTANTS

# nameparser lists generational suffixes among the suffixes that are not acronyms;
# of those, these few are honours or notes instead, and leave the name like a credential.
_NOT_GENERATIONAL = frozenset({"esq", "esquire", "ret", "vet", "rinpoche"})


@dataclass(frozen=True)
class PersonName:
    """A name without titles and post-nominals, and its parts folded for comparing people."""

    name: str  # as written, less the titles and post-nominals
    given: str  # folded (lower-case ASCII, no punctuation): "zoe"
    middle: str
    family: str
    generation: str  # "jr", "iii", or ""
    removed: tuple[str, ...] = ()  # the titles and credentials taken out, as written ("Dr.", "PhD")

    @property
    def parts(self) -> int:
        """How many of given, middle and family name are known."""
        return sum(1 for part in (self.given, self.middle, self.family) if part)


def fold(text: str | None) -> str:
    """Text as people compare it: case, accents, punctuation and symbols ignored ("Zoë O'Neil" → "zoe oneil")."""
    kept = "".join(" " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co", "Cn") else ch for ch in unicodedata.normalize("NFKC", text or ""))
    ascii_text = anyascii(kept).casefold().replace("'", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def _key(word: str) -> str:
    return word.casefold().strip(".,").replace(".", "")


def _is_generation(word: str) -> bool:
    key = _key(word)
    return key in CONSTANTS.suffix_not_acronyms and key not in _NOT_GENERATIONAL


def clean_name(raw: str) -> PersonName:
    """The name without titles (``Dr.``, ``Ms.``) and post-nominals (``MD``, ``PhD``, ``Esq.``, ``CPA``).

    ``Dr. Helen Markovic`` → ``Helen Markovic``; ``Chidi Okafor, PhD, MBA`` → ``Chidi Okafor``;
    ``Peter Müller Jr.`` keeps its ``Jr.``. A name that would be left empty keeps its words.
    """
    text = " ".join(str(raw).split())
    parsed = HumanName(text)
    titles = {_key(word) for word in parsed.title_list for word in word.split()}
    credentials = {_key(word) for word in parsed.suffix_list for word in word.replace(",", " ").split() if not _is_generation(word)}
    words = text.replace(",", " , ").split()
    removed: list[str] = []
    while words and (_key(words[0]) in titles or words[0] == ","):  # titles lead the name
        removed.append(words.pop(0))
    while words and (_key(words[-1]) in credentials or words[-1] == ","):  # post-nominals end it
        removed.insert(0, words.pop())
    if not any(word != "," for word in words):
        words, removed = text.replace(",", " , ").split(), []
    name = " ".join(words).replace(" , ", ", ").replace(" ,", ",").strip(", ")
    generation = " ".join(_key(word) for word in parsed.suffix_list for word in word.replace(",", " ").split() if _is_generation(word))
    return PersonName(
        name=name,
        given=fold(parsed.first) if parsed.last or parsed.first else fold(name),
        middle=fold(parsed.middle),
        family=fold(parsed.last),
        generation=generation,
        removed=tuple(word for word in removed if word != ","),
    )
