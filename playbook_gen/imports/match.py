"""Finding the profile a row is about: by email, then LinkedIn URL, then name and company (rapidfuzz).

Two people are never merged on a guess (SPEC §9). A match is *certain* only
when nothing contradicts it: a different given name (Dan and Dana, Jon and
John), a different generation (Peter Müller and Peter Müller Jr.), another
email or another LinkedIn profile. A match that something contradicts, or that
rests on a name alone (another company, no company to compare, a family name
one letter apart), is for review: the row is listed with the profile, and
nothing is merged.

Blocking keeps it linear whatever the names: emails and URLs are dictionary
look-ups, and a name is only compared with the people of the same given and
family name, or of the same given name at the same company; no block is ever
scanned past :data:`MAX_SCAN` people, so even ten thousand rows of one name
cost each row the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..identity import company_key, email_key, linkedin_key
from ..names import PersonName

FAMILY_CLOSE = 85
"""A family name at least this similar (rapidfuzz ratio, 0–100) to another at the same company may be a typo of it."""
COMPANY_SAME = 85
"""With the same name, a company at least this similar (token-sort ratio of the folded names) makes the match certain."""
MAX_SCAN = 50
"""People compared in one block at most (a block only grows with people the import could tell apart)."""


@dataclass
class Known:
    """A person already in the playbook (a customer or a contact), or created by a row above."""

    kind: str  # "customers" or "contacts"
    key: str  # the profile id
    person: PersonName
    company: str | None
    email: str | None
    linkedin: str | None
    row: int | None = None  # the row of this import that created the profile

    @property
    def display_path(self) -> str:
        return f"docs/{self.kind}/{self.key}.md"


@dataclass(frozen=True)
class Match:
    """What a row is: the same person as ``known`` (``certain``), maybe the same (for review), or new (``known`` None)."""

    known: Known | None
    certain: bool
    reason: str


NEW = Match(None, False, "new")


def _given_differs(a: PersonName, b: PersonName) -> bool:
    """Two full names whose given names differ are two people (a name written in another order is not)."""
    if not (a.given and a.family and b.given and b.family):
        return False
    if sorted(f"{a.given} {a.family}".split()) == sorted(f"{b.given} {b.family}".split()):
        return False
    if len(a.given) == 1 or len(b.given) == 1:  # an initial ("Z. Hartmann") is no other name
        return a.given[0] != b.given[0]
    return a.given != b.given


def _contradiction(known: Known, person: PersonName | None, *, email: str | None, linkedin: str | None) -> str | None:
    """What says the row is someone else than ``known``, in the words of the review line."""
    if email and known.email and email != known.email:
        return "another email"
    if linkedin and known.linkedin and linkedin != known.linkedin:
        return "another LinkedIn profile"
    if person is not None and _given_differs(person, known.person):
        return "another given name"
    if person is not None and person.generation != known.person.generation and person.family and known.person.family:
        return "another generation (Jr., Sr., III)"
    return None


def _close(a: str, b: str) -> bool:
    """Family names one typo apart ("Ruiz", "Ruis"), or alike enough (rapidfuzz ratio) when longer."""
    if min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1:
        return True
    return fuzz.ratio(a, b) >= FAMILY_CLOSE


def _same_company(a: str | None, b: str | None) -> bool:
    key_a, key_b = company_key(a), company_key(b)
    return key_a == key_b or fuzz.token_sort_ratio(key_a, key_b) >= COMPANY_SAME


@dataclass
class People:
    """Everyone known so far, indexed for the three ways of matching."""

    by_email: dict[str, Known] = field(default_factory=dict)
    by_url: dict[str, Known] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[Known]] = field(default_factory=dict)
    by_given_company: dict[tuple[str, str], list[Known]] = field(default_factory=dict)

    def add(self, known: Known) -> None:
        """Index a person; their email and LinkedIn URL are compared in key form."""
        known.email = email_key(known.email)
        known.linkedin = linkedin_key(known.linkedin)
        self._index_addresses(known)
        name = known.person
        self.by_name.setdefault((name.given, name.family), []).append(known)
        if known.company:
            self.by_given_company.setdefault((name.given, company_key(known.company)), []).append(known)

    def learned(self, known: Known, *, email: str | None, linkedin: str | None, company: str | None) -> None:
        """A fill gave ``known`` an email, URL or company it lacked: index those too."""
        if email and not known.email:
            known.email = email_key(email)
        if linkedin and not known.linkedin:
            known.linkedin = linkedin_key(linkedin)
        if company and not known.company:
            known.company = company
            self.by_given_company.setdefault((known.person.given, company_key(company)), []).append(known)
        self._index_addresses(known)

    def _index_addresses(self, known: Known) -> None:
        if known.email:
            self.by_email.setdefault(known.email, known)
        if known.linkedin:
            self.by_url.setdefault(known.linkedin, known)

    def match(self, *, person: PersonName, company: str | None, email: str | None, linkedin: str | None) -> Match:
        """Email first, then the LinkedIn URL, then name and company; what is not certain is for review."""
        email, linkedin = email_key(email), linkedin_key(linkedin)
        for found, how, ignore in (
            (self.by_email.get(email or ""), "same email", "email"),
            (self.by_url.get(linkedin or ""), "same LinkedIn profile", "linkedin"),
        ):
            if found is not None:
                contradiction = _contradiction(found, person, email=None if ignore == "email" else email, linkedin=None if ignore == "linkedin" else linkedin)
                return Match(found, True, how) if contradiction is None else Match(found, False, f"{how}, but {contradiction}")
        return self._by_name(person, company=company, email=email, linkedin=linkedin)

    def _candidates(self, person: PersonName, company: str | None) -> list[Known]:
        seen: set[int] = set()
        found: list[Known] = []
        blocks = [self.by_name.get((person.given, person.family), [])]
        if company:
            blocks.append(self.by_given_company.get((person.given, company_key(company)), []))
        for block in blocks:
            for known in block[:MAX_SCAN]:
                if id(known) not in seen:
                    seen.add(id(known))
                    found.append(known)
        return found

    def _by_name(self, person: PersonName, *, company: str | None, email: str | None, linkedin: str | None) -> Match:
        review: Match | None = None
        for known in self._candidates(person, company):
            verdict = self._compare(person, company, known, email=email, linkedin=linkedin)
            if verdict is None:
                continue
            if verdict.certain:
                return verdict
            review = review or verdict
        return review or NEW

    @staticmethod
    def _compare(person: PersonName, company: str | None, known: Known, *, email: str | None, linkedin: str | None) -> Match | None:
        """The verdict on one candidate of the same given name; None: another person."""
        other = known.person
        if person.given != other.given or person.generation != other.generation:
            return None
        if person.middle and other.middle and person.middle != other.middle:
            return None
        if person.family != other.family:
            if person.family and other.family:
                return Match(known, False, "a similar name at the same company") if _close(person.family, other.family) else None
            return Match(known, False, "the same given name at the same company, no family name to compare")
        contradiction = _contradiction(known, None, email=email, linkedin=linkedin)
        if contradiction is not None:
            return Match(known, False, f"same name, but {contradiction}")
        if company and known.company:
            if _same_company(company, known.company):
                return Match(known, True, "same name and company")
            return Match(known, False, "same name, other company")
        if not company and not known.company and person.middle == other.middle:
            return Match(known, True, "same name, no company on either")
        return Match(known, False, "same name, company unknown")
