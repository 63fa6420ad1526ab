"""What tells one person from another: their email, their LinkedIn profile, their name with their company.

Import matches rows on these keys (SPEC §9) and ``forget`` keeps a one-way
fingerprint of them (SPEC §8); both normalise them here, so a person written
two ways is one key: ``Dana.Ruiz@Example.com`` is ``dana.ruiz@example.com``,
``http://linkedin.com/in/%7Edana/?trk=x`` is ``https://www.linkedin.com/in/~dana``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from .names import PersonName, clean_name, fold

_PROFILE_URL = re.compile(r"linkedin\.com/(in|pub)/([^/?#\s]+)", re.IGNORECASE)
_UNRESERVED_ESCAPE = re.compile(r"%(2[dD]|2[eE]|5[fF]|7[eE]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9])")
_LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "co",
        "corp",
        "corporation",
        "company",
        "sa",
        "sarl",
        "sas",
        "srl",
        "spa",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "aps",
        "lda",
        "pty",
        "the",
    }
)


def email_key(value: str | None) -> str | None:
    """An email address compared without case and surrounding space."""
    text = (value or "").strip().casefold()
    return text or None


def linkedin_url(value: str | None) -> str | None:
    """A LinkedIn profile URL in the one form a profile keeps, or None for anything else.

    ``http://linkedin.com/in/Dana-Ruiz/?trk=x`` and ``https://www.linkedin.com/in/dana-ruiz``
    are the same: https, www, lower case, no query, no trailing slash; a percent-escape of a
    character that needs none is the character (``%7Ekenji`` is ``~kenji``).
    """
    if not value:
        return None
    match = _PROFILE_URL.search(value)
    if match is None:
        return None
    slug = _UNRESERVED_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), match.group(2))
    return f"https://www.linkedin.com/{match.group(1).lower()}/{slug.lower()}"


def linkedin_key(value: str | None) -> str | None:
    """A LinkedIn profile compared with every percent-escape decoded (``o%E2%80%99connor`` is ``o’connor``)."""
    url = linkedin_url(value)
    if url is None:
        return None
    return unicodedata.normalize("NFC", unquote(url)).casefold()


def company_key(value: str | None) -> str:
    """A company compared without case, accents, punctuation or its legal form ("Acme, Inc." is "acme")."""
    words = [word for word in fold(value).split() if word not in _LEGAL_FORMS]
    return " ".join(words) or fold(value)


def name_key(name: PersonName | str) -> str:
    """A person's name compared as given, family name and generation ("Dr. Zoë Hartmann" is "zoe hartmann")."""
    person = clean_name(name) if isinstance(name, str) else name
    parts = [person.given, person.family, person.generation] if person.family else [fold(person.name)]
    return " ".join(part for part in parts if part)


def name_company_key(name: PersonName | str, company: str | None) -> str:
    """The name and the company together, for a fingerprint of someone known by no address."""
    return f"{name_key(name)}|{company_key(company)}"
