"""Where the pages of a site are published: at their own paths, or, encrypted, at addresses that name nobody (SPEC §11).

Unencrypted, a profile's page is at its source path (``customers/greta-hansen/``).
Encrypted, every profile page (salesperson, customer, contact, question bank) is at
``p/<token>/``, where the token is an HMAC-SHA256 of its source path
(``customers/greta-hansen.md``) under the site's address key
(:func:`playbook_gen.encryption.address_key`: the passphrase, with a salt fixed for
the site). So the address stays the same from build to build while the passphrase
does (bookmarks keep working), differs between two salespeople's sites (a shared
customer does not show), and tells nothing of the kind of profile. Heading anchors,
the anchors of asks and the folder ``build`` gives an encrypted site are tokens under
the same key. (A hand-written page's headings keep their own ids: :class:`HeadingIds`.)
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from .kinds import is_profile_path

OPAQUE_FOLDER = "p"
"""Where an encrypted site's profile pages live: ``p/<token>/``."""
TOKEN_HEX = 16
"""A token's length in hexadecimal digits (64 bits: no two of a site's pages meet)."""


@dataclass(frozen=True)
class Addresses:
    """The addresses of one site's pages; without a key (unencrypted), every page keeps its own."""

    key: bytes | None = None

    @property
    def opaque(self) -> bool:
        return self.key is not None

    def token(self, text: str, *, purpose: str) -> str:
        """An HMAC of ``text`` for one ``purpose`` (a page, an anchor, a heading, a folder), as hexadecimal digits."""
        assert self.key is not None, "only an encrypted site has tokens"
        digest = hmac.new(self.key, f"{purpose}\0{text}".encode(), hashlib.sha256).hexdigest()
        return digest[:TOKEN_HEX]

    def source(self, src_uri: str) -> str:
        """The source path a page is published as: a profile's becomes ``p/<token>.md`` when opaque."""
        if not self.opaque or not is_profile_path(src_uri):
            return src_uri  # the index pages (customers/, contacts/) name nobody: they keep their addresses
        return f"{OPAQUE_FOLDER}/{self.token(src_uri, purpose='page')}.md"

    def dest_uri(self, src_uri: str, *, directory_urls: bool) -> str | None:
        """The file a profile's page is written to when opaque (``p/<token>/index.html``); ``None``: MkDocs' own."""
        published = self.source(src_uri)
        if published == src_uri:
            return None
        stem = posixpath.splitext(published)[0]
        return f"{stem}/index.html" if directory_urls else f"{stem}.html"

    def anchor(self, name: str) -> str:
        """The part of an anchor that names a person (``zoe-lindqvist`` in ``ask-2026-12-07-zoe-lindqvist``)."""
        return self.token(name, purpose="anchor") if self.opaque else name

    def slugify(self, heading: str, separator: str = "-") -> str:
        """A heading's id (the Markdown ``toc`` extension's ``slugify``): ``h-<token>`` when opaque."""
        return "h" + separator + self.token(heading, purpose="heading")

    def folder(self, site_id: str) -> str:
        """The folder of a site under ``build``'s site directory: its id, or a token when opaque."""
        return self.token(site_id, purpose="site") if self.opaque else site_id


class HeadingIds:
    """The Markdown ``toc`` extension's ``slugify`` for one encrypted build: opaque on the generated pages.

    Generated pages put names in headings (``Ask for Zoë Lindqvist``); their ids are
    tokens. A hand-written page is the team's own documentation, published whole: its
    headings keep the ids ``fallback`` gives them, so links to its sections keep working.
    The plugin says which kind of page is being rendered (:attr:`generated_page`).
    """

    def __init__(self, addresses: Addresses, fallback: Callable[[str, str], str]) -> None:
        self.addresses = addresses
        self.fallback = fallback
        self.generated_page = True

    def __call__(self, value: str, separator: str) -> str:
        return self.addresses.slugify(value, separator) if self.generated_page else self.fallback(value, separator)


__all__ = ["OPAQUE_FOLDER", "Addresses", "HeadingIds"]
