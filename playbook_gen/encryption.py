"""An encrypted playbook (SPEC §11): every page and every file with personal data published only as AES-256-GCM ciphertext.

The published format (the playbook's page *Privacy* describes it; ``tests/test_encryption.py``
decrypts it with an independent implementation):

* **The key.** PBKDF2-HMAC-SHA256 of the passphrase (UTF-8), a random 16-byte
  salt drawn once per build, at least 600,000 iterations, 32 bytes: an
  AES-256-GCM key. It is never written anywhere.
* **An HTML page** becomes a small unlock page that holds nothing personal (the
  site's name at most) and, in ``<script id="playbook-payload"
  type="application/json">``, a JSON object: ``v`` (1), ``kdf``
  (``PBKDF2-SHA256``), ``iterations``, ``salt``, ``nonce`` (12 random bytes,
  fresh for every file), ``path`` (the file's path from the site root, e.g.
  ``customers/greta-hansen/index.html``) and ``ciphertext`` (the page's UTF-8
  bytes encrypted with AES-256-GCM, the 16-byte tag appended, the ``path``'s
  UTF-8 bytes as additional data), binary values in standard Base64.
* **Any other file** (the search index, ``asks.ics``, ``asks.csv``, images of
  the hand-written pages) becomes: the 22 bytes ``PLAYBOOK-GEN-AESGCM-1\\n``,
  the iteration count (4 bytes, big-endian), the salt (16), the nonce (12), then
  the ciphertext with its tag; the additional data is again the file's path.

* **Addresses.** Encrypted, a profile page is published at an opaque address
  (:mod:`playbook_gen.addresses`): an HMAC-SHA256 under a second key, PBKDF2-HMAC-SHA256
  of the same passphrase with a salt fixed per site (derived from the site's id), so
  the address is the same from build to build while the passphrase stays.
* **The passphrase** is at least 12 characters long and scores 3 or 4 of 4 in
  zxcvbn's strength estimate, else the build stops with one line.

In the browser, ``_playbook/unlock.js`` derives the same key with WebCrypto,
keeps it (not the passphrase) in the tab's session storage, and hands it to a
new tab of the same site through a ``BroadcastChannel`` while a tab that holds
it is open.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from .problems import PlaybookError, Problem

MIN_PASSPHRASE = 12
"""A passphrase shorter than this stops an encrypted build."""
MIN_STRENGTH = 3
"""The lowest zxcvbn score (0 to 4) a passphrase may have."""
ADDRESS_SALT = b"playbook-gen opaque addresses v1\0"
"""Prefix of the fixed, per-site salt of the address key (the site id follows)."""
MAGIC = b"PLAYBOOK-GEN-AESGCM-1\n"
ITERATIONS = 600_000
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
PASSPHRASE_ENV = "PLAYBOOK_PASSPHRASE"
ASSETS = "_playbook"
UNLOCK_JS = f"{ASSETS}/unlock.js"
PAYLOAD_ID = "playbook-payload"
SHELL_MARKER = '<script id="playbook-payload" type="application/json">'
ENCRYPTED_FILES = ("search/search_index.json", "asks.ics", "asks.csv")
"""Files with personal data besides the pages; a hand-written page's images and files are encrypted too."""
_HERE = Path(__file__).resolve().parent
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


def passphrase_env(site_id: str) -> str:
    """``PLAYBOOK_PASSPHRASE_<ID>``: the id upper-cased, ``-`` as ``_`` (``maya-okafor`` → ``PLAYBOOK_PASSPHRASE_MAYA_OKAFOR``)."""
    return f"{PASSPHRASE_ENV}_{site_id.upper().replace('-', '_')}"


def passphrase_for(site_id: str, *, environ: Mapping[str, str] = os.environ) -> str:
    """The site's own passphrase, else the shared one; none stops the build with one line."""
    own = passphrase_env(site_id)
    found = environ.get(own) or environ.get(PASSPHRASE_ENV)
    if found is not None and not found.strip():
        raise PlaybookError([Problem("mkdocs.yml", None, f"{own if environ.get(own) else PASSPHRASE_ENV} is blank: a passphrase must not be empty")])
    if not found:
        raise PlaybookError(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    f"plugin option 'encrypt' is on but no passphrase is set: set {own} (or {PASSPHRASE_ENV}); a passphrase is never read from mkdocs.yml",
                )
            ]
        )
    return found


def check_strength(passphrase: str, *, variable: str, user_inputs: Iterable[str] = ()) -> None:
    """Stop with one line when the passphrase is too short, or guessable by zxcvbn's estimate; never print it."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PlaybookError(
            [
                Problem(
                    variable,
                    None,
                    f"the passphrase is too weak: {len(passphrase)} characters, at least {MIN_PASSPHRASE} are needed (five random words hold well)",
                )
            ]
        )
    from zxcvbn import zxcvbn  # imported when a site is encrypted: its dictionaries take a moment to load

    score = int(zxcvbn(passphrase[:100], user_inputs=[text for text in user_inputs if text])["score"])
    if score < MIN_STRENGTH:
        raise PlaybookError(
            [
                Problem(
                    variable,
                    None,
                    f"the passphrase is too weak: a strength estimate (zxcvbn) scores it {score} of 4, at least {MIN_STRENGTH} is needed; "
                    "use five random words or more, and not the names in the playbook",
                )
            ]
        )


def address_key(passphrase: str, *, site_id: str, iterations: int = ITERATIONS) -> bytes:
    """The key of a site's opaque addresses: PBKDF2-SHA256 of the passphrase, with a salt fixed for this site."""
    salt = hashlib.sha256(ADDRESS_SALT + site_id.encode("utf-8")).digest()[:SALT_BYTES]
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations).derive(passphrase.encode("utf-8"))


@dataclass(frozen=True)
class SiteKeys:
    """An encrypted build's keys: the files' (a fresh salt each build) and the addresses' (the same while the passphrase stays)."""

    files: SiteKey
    addresses: bytes


def site_keys(site_id: str, *, site_name: str = "", environ: Mapping[str, str] = os.environ) -> SiteKeys:
    """The passphrase of ``site_id`` checked for strength, and the two keys derived from it."""
    passphrase = checked_passphrase(site_id, site_name=site_name, environ=environ)
    return SiteKeys(SiteKey.derive(passphrase), address_key(passphrase, site_id=site_id))


def site_address_key(site_id: str, *, site_name: str = "", environ: Mapping[str, str] = os.environ) -> bytes:
    """The address key alone, its passphrase checked (``build`` names each encrypted site's folder with it)."""
    return address_key(checked_passphrase(site_id, site_name=site_name, environ=environ), site_id=site_id)


def checked_passphrase(site_id: str, *, site_name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The site's passphrase, refused when weak: guessing starts from the site's id, its words and ``site_name``."""
    passphrase = passphrase_for(site_id, environ=environ)
    check_strength(passphrase, variable=passphrase_source(site_id, environ=environ), user_inputs=[site_id, site_id.replace("-", " "), site_name])
    return passphrase


def passphrase_source(site_id: str, *, environ: Mapping[str, str] = os.environ) -> str:
    """The name of the variable the site's passphrase comes from."""
    own = passphrase_env(site_id)
    return own if environ.get(own) else PASSPHRASE_ENV


@dataclass(frozen=True)
class SiteKey:
    """The key of one build: derived once from the passphrase and a fresh salt."""

    key: bytes
    salt: bytes
    iterations: int = ITERATIONS

    @classmethod
    def derive(cls, passphrase: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> SiteKey:
        salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
        return cls(kdf.derive(passphrase.encode("utf-8")), salt, iterations)

    def seal(self, data: bytes, *, path: str, nonce: bytes | None = None) -> tuple[bytes, bytes]:
        """(nonce, ciphertext with tag) of ``data``, bound to its ``path``."""
        nonce = nonce if nonce is not None else secrets.token_bytes(NONCE_BYTES)
        return nonce, AESGCM(self.key).encrypt(nonce, data, path.encode("utf-8"))

    def encrypt_file(self, data: bytes, *, path: str, nonce: bytes | None = None) -> bytes:
        nonce, sealed = self.seal(data, path=path, nonce=nonce)
        return MAGIC + self.iterations.to_bytes(4, "big") + self.salt + nonce + sealed

    def encrypt_page(self, page: str, *, path: str, site_name: str, base: str, nonce: bytes | None = None, inline: bool = False) -> str:
        nonce, sealed = self.seal(page.encode("utf-8"), path=path, nonce=nonce)
        payload = {
            "v": 1,
            "kdf": "PBKDF2-SHA256",
            "iterations": self.iterations,
            "salt": _b64(self.salt),
            "nonce": _b64(nonce),
            "path": path,
            "ciphertext": _b64(sealed),
        }
        return unlock_page(site_name=site_name, base=base, payload=json.dumps(payload, separators=(",", ":")), inline=inline)


def unlock_page(*, site_name: str, base: str, payload: str, inline: bool = False) -> str:
    """The page published in place of every HTML page: a passphrase form, and the page as ciphertext.

    ``inline``: the unlock script is written into the page (``404.html``, served at any address,
    cannot count on a relative path to ``_playbook/unlock.js``).
    """
    # JSON in a script element: "</" must not close it early.
    payload = payload.replace("</", "<\\/")
    script = f"<script>{unlock_script()}</script>" if inline else f'<script src="{html.escape(base + UNLOCK_JS)}"></script>'
    return _UNLOCK_TEMPLATE.format(name=html.escape(site_name), payload=payload, script=script)


def unlock_script() -> str:
    """The browser side, as shipped in ``_playbook/unlock.js``."""
    return (_HERE / "unlock" / "unlock.js").read_text(encoding="utf-8").replace("</", "<\\/")


def with_shim(page: str, *, base: str, salt: bytes, files: Iterable[str], inline: bool = False) -> str:
    """The decrypted page loads ``unlock.js`` first, so search, downloads and images read the ciphertext files."""
    attrs = {"data-salt": _b64(salt), "data-base": base, "data-files": json.dumps(sorted(files))}
    if not inline:
        attrs = {"src": base + UNLOCK_JS, **attrs}
    body = unlock_script() if inline else ""
    tag = "<script " + " ".join(f'{name}="{html.escape(value)}"' for name, value in attrs.items()) + f">{body}</script>"
    match = _HEAD.search(page)
    if match is None:
        return tag + page
    return page[: match.end()] + tag + page[match.end() :]


def relative_base(path: str) -> str:
    """From a file's folder back to the site root: ``customers/x/index.html`` → ``../../``."""
    depth = path.count("/")
    return "../" * depth


def encrypt_site(site_dir: Path, key: SiteKey, *, site_name: str, extra_files: Iterable[str] = (), absolute_base: str | None = None) -> int:
    """Encrypt every HTML page and every file with personal data of a built site, in place; returns the number of files.

    ``extra_files``: site-relative paths of the hand-written pages' own files (images, downloads).
    ``absolute_base``: the site's URL path (from ``site_url``), used for ``404.html``, which is
    served at any address; without it, ``404.html`` links relative to the root like every page.
    """
    count = 0
    candidates = set(ENCRYPTED_FILES) | set(extra_files)
    wanted = {p for p in candidates if (site_dir / p).is_file()}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(f"{ASSETS}/"):
            continue
        if relative.endswith(".html"):
            page = path.read_text(encoding="utf-8")
            if SHELL_MARKER in page:
                raise PlaybookError([Problem(relative, None, "is encrypted already: an encrypted site is built whole, never over an earlier one")])
            # 404.html is served at any address: its links start from the site's own path, as Material's do.
            missing = relative == "404.html"
            base = (absolute_base or "/") if missing else relative_base(relative)
            page = with_shim(page, base=base, salt=key.salt, files=wanted, inline=missing)
            path.write_text(key.encrypt_page(page, path=relative, site_name=site_name, base=base, inline=missing), encoding="utf-8")
            count += 1
        elif relative in wanted:
            path.write_bytes(key.encrypt_file(path.read_bytes(), path=relative))
            count += 1
    (site_dir / ASSETS).mkdir(exist_ok=True)
    (site_dir / UNLOCK_JS).write_bytes((_HERE / "unlock" / "unlock.js").read_bytes())
    return count


PUBLIC = re.compile(
    r"(^|/)(assets/javascripts/|assets/stylesheets/|assets/images/favicon\.png$|assets/playbook\.css$|_playbook/unlock\.js$|robots\.txt$|\.playbook-gen-site$)"
)
"""What a playbook publishes in the clear: the theme's code and styles, the unlock script, robots.txt, the build marker."""


def unencrypted(site_dir: Path) -> list[str]:
    """The files of a built site (or a folder of sites) that are not ciphertext and not public by nature; empty: safe to publish.

    A folder with no unlock page at all is reported too: it is not an encrypted playbook.
    """
    found, pages = [], 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if PUBLIC.search(relative):
            continue
        data = path.read_bytes()
        if relative.endswith(".html"):
            if SHELL_MARKER.encode() in data:
                pages += 1
                continue
            found.append(relative)
        elif not data.startswith(MAGIC):
            found.append(relative)
    if not pages and not found:
        found.append("(no encrypted page: this is not a built, encrypted playbook)")
    return found


def named_in_the_clear(site_dir: Path, *, ids: Iterable[str], names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``(path, word)`` for every file whose path holds a profile id, and every unlock page whose readable part names someone.

    An id counts where it stands whole, between characters that are not letters or
    digits (``customers/greta-hansen/``, ``greta-hansen.html``); a name counts anywhere in
    an unlock page outside its ciphertext (its title, its text), in any case.
    """
    id_pattern = _words(ids)
    names = sorted({name.casefold() for name in names if name.strip()}, key=len, reverse=True)
    found: list[tuple[str, str]] = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if PUBLIC.search(relative) and path.is_file():
            continue
        if id_pattern is not None and (match := id_pattern.search(relative.lower())):
            found.append((relative, match.group(0)))
            continue
        if path.is_file() and relative.endswith(".html"):
            page = path.read_text(encoding="utf-8", errors="replace")
            if SHELL_MARKER not in page:
                continue
            visible = html.unescape(re.sub(r'<script id="playbook-payload".*?</script>', "", page, flags=re.DOTALL)).casefold()
            word = next((name for name in names if name in visible), None)
            if word is None and id_pattern is not None and (match := id_pattern.search(visible)):
                word = match.group(0)
            if word is not None:
                found.append((relative, word))
    return found


def _words(ids: Iterable[str]) -> re.Pattern[str] | None:
    wanted = sorted({i.lower() for i in ids if i}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(i) for i in wanted) + r")(?![a-z0-9])")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


__all__ = ["SiteKey", "SiteKeys", "address_key", "check_strength", "encrypt_site", "named_in_the_clear", "passphrase_for", "site_keys", "unencrypted"]

_UNLOCK_TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>{name}</title>
<style>
body{{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f7;color:#1d1d1f}}
main{{max-width:24rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 4px rgba(0,0,0,.15)}}
h1{{font-size:1.4rem;margin:0 0 1rem}} label{{display:block;font-weight:600;margin-bottom:.3rem}}
input{{box-sizing:border-box;width:100%;padding:.55rem;font-size:1rem;border:1px solid #888;border-radius:.3rem}}
button{{margin-top:.8rem;padding:.55rem 1.2rem;font-size:1rem;border:0;border-radius:.3rem;background:#3f51b5;color:#fff;cursor:pointer}}
#playbook-message{{min-height:1.5em;color:#b00020;margin:.8rem 0 0}}
</style>
</head>
<body>
<main>
<h1>{name}</h1>
<p>This playbook is encrypted. Type its passphrase to open it; it stays open in this browser session.</p>
<form id="playbook-unlock" action="about:blank" onsubmit="return false">
<label for="playbook-passphrase">Passphrase</label>
<input id="playbook-passphrase" type="password" autocomplete="current-password" required autofocus>
<button type="submit" disabled>Open</button>
<p id="playbook-message" role="alert"></p>
</form>
<noscript><p>Opening this playbook needs JavaScript.</p></noscript>
</main>
<script id="playbook-payload" type="application/json">{payload}</script>
{script}
</body>
</html>
"""
