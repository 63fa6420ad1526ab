"""``.playbook-forgotten``: one-way fingerprints of the people ``forget`` erased, so no import brings them back.

Erasure needs suppression: a person who asked to be forgotten is still in
last year's CRM export, and the next import would make their profile again.
``forget`` keeps, beside ``mkdocs.yml`` (outside ``docs/``, so never built or
published), an HMAC-SHA256 of each of their normalised email, LinkedIn URL and
name with company, under a random salt kept in the same file. The values are
not kept and cannot be read back; a row whose own keys give one of the same
fingerprints is skipped, saying so (SPEC §8, §9).

The salt makes the fingerprints of one repository useless in another: without
it nobody can test a list of addresses against the file. Anyone who has the
repository has the salt, so it is a suppression list, not a secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from .identity import email_key, linkedin_key, name_company_key
from .names import PersonName
from .problems import PlaybookError, Problem

FILE_NAME = ".playbook-forgotten"
HEADER = (
    "# People erased with `playbook-gen forget`, kept as one-way fingerprints so that no import brings them back.\n"
    "# Each line is an HMAC-SHA256, under this file's salt, of one normalised email, LinkedIn URL, or name with\n"
    "# company: the values themselves are not here and cannot be read back. Keep this file in the repository\n"
    "# (it is outside docs/ and never published) and do not edit it by hand.\n"
)
KINDS = ("email", "linkedin", "name")


@dataclass(frozen=True)
class Forgotten:
    """The fingerprints of one repository, and its salt."""

    path: Path
    display_path: str
    salt: bytes
    fingerprints: frozenset[str]
    original: bytes | None  # the file's bytes, None when there is no file yet

    @classmethod
    def load(cls, root: Path) -> Forgotten:
        """The repository's file; a missing one is empty, with a new random salt (written with the first fingerprint)."""
        path = root / FILE_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, FILE_NAME, secrets.token_bytes(32), frozenset(), None)
        salt: bytes | None = None
        found: set[str] = set()
        for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if len(words) == 2 and words[0] == "salt" and salt is None:
                salt = _hex(words[1], path=FILE_NAME, line=number)
            elif len(words) == 2 and words[0] in KINDS:
                _hex(words[1], path=FILE_NAME, line=number)
                found.add(f"{words[0]} {words[1]}")
            else:
                raise PlaybookError(
                    [Problem(FILE_NAME, number, "not a fingerprint line ('salt HEX', or email, linkedin or name and HEX); restore the file from git")]
                )
        if salt is None:
            raise PlaybookError([Problem(FILE_NAME, 1, "has no 'salt' line; restore the file from git")])
        return cls(path, FILE_NAME, salt, frozenset(found), raw)

    def _hash(self, kind: str, value: str) -> str:
        digest = hmac.new(self.salt, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
        return f"{kind} {digest}"

    def of_person(self, *, name: PersonName | str, company: str | None, email: str | None, linkedin: str | None) -> list[str]:
        """The fingerprint lines of one person: one per key they have."""
        keys = {"email": email_key(email), "linkedin": linkedin_key(linkedin), "name": name_company_key(name, company)}
        return [self._hash(kind, value) for kind, value in keys.items() if value]

    def knows(self, *, name: PersonName | str, company: str | None, email: str | None, linkedin: str | None) -> str | None:
        """Which key of this person was forgotten ("email", "linkedin", "name"), or None."""
        for line in self.of_person(name=name, company=company, email=email, linkedin=linkedin):
            if line in self.fingerprints:
                return line.split()[0]
        return None

    def with_person(self, *, name: PersonName | str, company: str | None, email: str | None, linkedin: str | None) -> bytes:
        """The file's bytes with this person's fingerprints added (the lines already there kept as they are)."""
        text = self.original.decode("utf-8") if self.original is not None else f"{HEADER}salt {self.salt.hex()}\n"
        if text and not text.endswith("\n"):
            text += "\n"
        known = set(self.fingerprints)
        for line in self.of_person(name=name, company=company, email=email, linkedin=linkedin):
            if line not in known:
                known.add(line)
                text += line + "\n"
        return text.encode("utf-8")


def _hex(text: str, *, path: str, line: int) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise PlaybookError([Problem(path, line, "a fingerprint that is not hexadecimal; restore the file from git")]) from None
