"""Finding the profile a row is about: by email, then LinkedIn URL, then name and company (rapidfuzz).

Blocking keeps it near-linear: emails and URLs are looked up in dictionaries,
and a name is only compared with the names that share one of its tokens.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import fuzz

NAME_SAME = 92
"""A name at least this similar (rapidfuzz token-sort ratio, 0–100) is the same name."""
COMPANY_SAME = 85
"""With the same name, a company at least this similar makes the match certain."""


@dataclass(frozen=True)
class Known:
    """A person already in the playbook, or met earlier in the file."""

    key: str  # the profile id
    name: str
    company: str | None
    email: str | None
    linkedin: str | None


@dataclass(frozen=True)
class Match:
    """What a row is: the same person as ``known`` (certain), maybe the same (``review``), or new (``known`` None)."""

    known: Known | None
    certain: bool
    reason: str


def _fold(text: str | None) -> str:
    """Names compare without case, accents or punctuation: "Zoë O'Neil" ~ "zoe oneil"."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", text or "")).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def _name_score(a: str, b: str) -> float:
    """How alike two folded names are; a name inside a longer one ("chidi okafor" in "chidi okafor phd") counts as alike."""
    score = fuzz.token_sort_ratio(a, b)
    if min(len(a.split()), len(b.split())) >= 2:
        score = max(score, fuzz.token_set_ratio(a, b))
    return score


@dataclass
class People:
    """Everyone known so far, indexed for the three ways of matching."""

    by_email: dict[str, Known] = field(default_factory=dict)
    by_url: dict[str, Known] = field(default_factory=dict)
    by_token: dict[str, list[Known]] = field(default_factory=dict)

    def add(self, person: Known) -> None:
        if person.email:
            self.by_email.setdefault(person.email.casefold(), person)
        if person.linkedin:
            self.by_url.setdefault(person.linkedin, person)
        for token in set(_fold(person.name).split()):
            if len(token) > 1:
                self.by_token.setdefault(token, []).append(person)

    def match(self, *, name: str, company: str | None, email: str | None, linkedin: str | None) -> Match:
        """Email first, then the LinkedIn URL, then name and company; a same name at another company is for review."""
        if email and email.casefold() in self.by_email:
            return Match(self.by_email[email.casefold()], True, "same email")
        if linkedin and linkedin in self.by_url:
            return Match(self.by_url[linkedin], True, "same LinkedIn profile")
        folded = _fold(name)
        seen: set[str] = set()
        review: Known | None = None
        for token in set(folded.split()):
            for person in self.by_token.get(token, ()):
                if person.key in seen:
                    continue
                seen.add(person.key)
                if _name_score(folded, _fold(person.name)) < NAME_SAME:
                    continue
                if company and person.company and fuzz.token_sort_ratio(_fold(company), _fold(person.company)) >= COMPANY_SAME:
                    return Match(person, True, "same name and company")
                if not company and not person.company and folded == _fold(person.name):
                    return Match(person, True, "same name, no company on either")
                if review is None:
                    review = person
        if review is not None:
            return Match(review, False, "same name, other company" if company and review.company else "same name, company unknown")
        return Match(None, False, "new")
