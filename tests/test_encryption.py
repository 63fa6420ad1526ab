"""An encrypted playbook (SPEC §11): the published format, read by an independent implementation; no byte in the clear."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from conftest import REPO, invoke
from playbook_gen.encryption import SiteKey, passphrase_env
from playbook_gen.playbook import load_playbook

MAYA_PASS, TOM_PASS, TEAM_PASS = "maya's passphrase", "tom's passphrase", "the manager's passphrase"
HOSTILE_CONTACT = (
    "---\nname: Zed Sentinelperson <script>alert(1)</script>\ncompany: Sentinel Hostile Corp\nowner: maya-okafor\n"
    "why: Because of the SENTINEL-WHY.\nprivate_phone: SENTINEL-PRIVATE\n---\nSENTINEL-NOTES [x](javascript:alert(1))\n"
)


# -- the format, read by code written from docs/privacy.md alone ---------------------------------


def independent_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations).derive(passphrase.encode("utf-8"))


def independent_page(passphrase: str, page: str) -> str:
    """An unlock page: the JSON in <script id="playbook-payload">; AES-256-GCM, tag appended, the path as additional data."""
    found = re.search(r'<script id="playbook-payload" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    payload = json.loads(found.group(1).replace("<\\/", "</"))
    assert (payload["v"], payload["kdf"]) == (1, "PBKDF2-SHA256") and payload["iterations"] >= 600_000
    key = independent_key(passphrase, base64.b64decode(payload["salt"]), payload["iterations"])
    nonce = base64.b64decode(payload["nonce"])
    assert len(nonce) == 12
    return AESGCM(key).decrypt(nonce, base64.b64decode(payload["ciphertext"]), payload["path"].encode()).decode("utf-8")


def independent_file(passphrase: str, blob: bytes, path: str) -> bytes:
    """Any other file: magic, iterations (4 bytes, big-endian), salt (16), nonce (12), ciphertext and tag."""
    magic = b"PLAYBOOK-GEN-AESGCM-1\n"
    assert blob[: len(magic)] == magic
    rest = blob[len(magic) :]
    iterations, salt, nonce, sealed = int.from_bytes(rest[:4], "big"), rest[4:20], rest[20:32], rest[32:]
    return AESGCM(independent_key(passphrase, salt, iterations)).decrypt(nonce, sealed, path.encode())


KNOWN_FILE = bytes.fromhex(
    "504c4159424f4f4b2d47454e2d41455347434d2d310a000927c0000102030405060708090a0b0c0d0e0f000102030405060708090a0b"
    "79a3edea5dd753e2824ce437d3cfa4de8af7c94abd3eab46516a4209f1199721e3ef1ed40d9dfacbce72ae2c6d555d4b7b"
)


def test_a_known_answer_fixes_the_file_format() -> None:
    """Salt 00..0f, nonce 00..0b, 600,000 iterations: these bytes, now and in every later release."""
    key = SiteKey.derive("correct horse battery staple", salt=bytes(range(16)), iterations=600_000)
    assert key.key.hex() == "ef177144eec9420cbc1093d2a8b344a92bc506d0d4ec9c028dd19f8324d8c1e6"
    assert key.encrypt_file(b"week,connector,contact,role,form\n", path="asks.csv", nonce=bytes(range(12))) == KNOWN_FILE
    assert independent_file("correct horse battery staple", KNOWN_FILE, "asks.csv") == b"week,connector,contact,role,form\n"
    with pytest.raises(InvalidTag):
        independent_file("correct horse battery staple", KNOWN_FILE, "asks.ics")  # bound to its path
    with pytest.raises(InvalidTag):
        independent_file("wrong", KNOWN_FILE, "asks.csv")


# -- an encrypted build ------------------------------------------------------------------------


def encrypted_repo(root: Path) -> Path:
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs/contacts/zed-sentinel.md").write_text(HOSTILE_CONTACT, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("  - playbook:\n", "  - playbook:\n      encrypt: true\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


PASSPHRASES = {
    passphrase_env("maya-okafor"): MAYA_PASS,
    passphrase_env("tom-becker"): TOM_PASS,
    passphrase_env("team"): TEAM_PASS,
    "PLAYBOOK_TODAY": "2026-11-23",
}


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = encrypted_repo(tmp_path_factory.mktemp("encrypted") / "repo")
    result = invoke(root, "build", "--all", "--team", env=PASSPHRASES)
    assert result.exit_code == 0, result.output
    return root


def sentinels() -> list[bytes]:
    """Every name, company, email and line of notes of the example playbook and of the hostile contact."""
    playbook = load_playbook(REPO / "docs", root=REPO)
    found = {"Sentinelperson", "Sentinel Hostile Corp", "SENTINEL"}
    for people in (playbook.salespeople, playbook.customers, playbook.contacts):
        for profile in people.values():
            data = profile.data
            found |= {v for v in (data.name, getattr(data, "company", None), getattr(data, "email", None)) if v}
            found |= {line.strip() for line in profile.notes.splitlines() if len(line.strip()) > 20}
    return sorted(text.encode("utf-8") for text in found)


def test_no_name_company_email_or_note_is_in_any_byte_of_an_encrypted_build(encrypted: Path) -> None:
    words = sentinels()
    assert len(words) > 60
    hits = []
    files = [p for p in (encrypted / "site").rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        hits += [f"{path.relative_to(encrypted)}: {w.decode()}" for w in words if w in data]
        # The same text as HTML would write it (Zoë as &#235;, & as &amp;) is not there either.
        hits += [f"{path.relative_to(encrypted)}: {w.decode()} (escaped)" for w in words if w.decode().replace("&", "&amp;").encode("ascii", "xmlcharrefreplace") in data]
    assert hits == []
    assert len(files) > 100


def test_every_page_opens_only_with_its_own_salespersons_passphrase(encrypted: Path) -> None:
    site = encrypted / "site"
    for sid, passphrase, other in (("maya-okafor", MAYA_PASS, TOM_PASS), ("tom-becker", TOM_PASS, MAYA_PASS), ("team", TEAM_PASS, MAYA_PASS)):
        pages = sorted((site / sid).rglob("*.html"))
        assert any(p.name == "404.html" for p in pages)
        for page in pages:
            text = page.read_text(encoding="utf-8")
            assert '<meta name="robots" content="noindex, nofollow">' in text
            plain = independent_page(passphrase, text)
            assert plain.lstrip().lower().startswith("<!doctype html>") and 'name="robots"' in plain
            with pytest.raises(InvalidTag):
                independent_page(other, text)
    home = independent_page(MAYA_PASS, (site / "maya-okafor/index.html").read_text(encoding="utf-8"))
    assert "Greta Hansen" in home
    index = json.loads(independent_file(MAYA_PASS, (site / "maya-okafor/search/search_index.json").read_bytes(), "search/search_index.json"))
    assert any("Lindqvist" in doc["text"] or "Lindqvist" in doc["title"] for doc in index["docs"])
    assert independent_file(MAYA_PASS, (site / "maya-okafor/asks.ics").read_bytes(), "asks.ics").startswith(b"BEGIN:VCALENDAR")
    assert independent_file(MAYA_PASS, (site / "maya-okafor/images/home.png").read_bytes(), "images/home.png").startswith(b"\x89PNG")


def test_the_unlock_page_holds_nothing_personal_and_every_file_its_own_nonce(encrypted: Path) -> None:
    site = encrypted / "site/maya-okafor"
    page = (site / "contacts/zed-sentinel/index.html").read_text(encoding="utf-8")
    visible = re.sub(r'<script id="playbook-payload".*?</script>', "", page, flags=re.S)
    assert "<title>Referral playbook</title>" in visible and "Sentinel" not in visible and "Zed" not in visible
    nonces = []
    for path in site.rglob("*.html"):
        found = re.search(r'"nonce":"([^"]+)"', path.read_text(encoding="utf-8"))
        assert found is not None
        nonces.append(found.group(1))
    for name in ("asks.ics", "asks.csv", "search/search_index.json"):
        nonces.append(base64.b64encode((site / name).read_bytes()[42:54]).decode())
    assert len(nonces) == len(set(nonces)) > 30
    salts = {re.search(r'"salt":"([^"]+)"', p.read_text(encoding="utf-8")).group(1) for p in site.rglob("*.html")}  # type: ignore[union-attr]
    assert len(salts) == 1  # one key per build...
    other = {re.search(r'"salt":"([^"]+)"', p.read_text(encoding="utf-8")).group(1) for p in (encrypted / "site/tom-becker").rglob("*.html")}  # type: ignore[union-attr]
    assert salts.isdisjoint(other)  # ...drawn afresh for every build
    result = invoke(encrypted, "verify-encrypted", str(site))
    assert result.exit_code == 0 and result.stderr.endswith("every page and personal file is encrypted\n")


def test_without_a_passphrase_the_build_stops_with_one_line_and_keeps_the_previous_site(encrypted: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(encrypted / "docs", root / "docs")
    shutil.copy(encrypted / "mkdocs.yml", root / "mkdocs.yml")
    assert invoke(root, "build", "--salesperson", "tom-becker", env=PASSPHRASES).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    result = invoke(root, "build", "--salesperson", "tom-becker", env={"PLAYBOOK_TODAY": "2026-11-23", **{k: "" for k in PASSPHRASES if "PASSPHRASE" in k}})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml: plugin option 'encrypt' is on but no passphrase is set: set PLAYBOOK_PASSPHRASE_TOM_BECKER "
        "(or PLAYBOOK_PASSPHRASE); a passphrase is never read from mkdocs.yml"
    )
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


def test_the_shared_passphrase_opens_every_site_that_has_none_of_its_own(encrypted: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(encrypted / "docs", root / "docs")
    shutil.copy(encrypted / "mkdocs.yml", root / "mkdocs.yml")
    env = {"PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_PASSPHRASE": "one for all", passphrase_env("tom-becker"): TOM_PASS}
    assert invoke(root, "build", "--all", env={**env, passphrase_env("maya-okafor"): ""}).exit_code == 0
    assert "Greta Hansen" in independent_page("one for all", (root / "site/maya-okafor/customers/greta-hansen/index.html").read_text(encoding="utf-8"))
    assert "Tom Becker" in independent_page(TOM_PASS, (root / "site/tom-becker/index.html").read_text(encoding="utf-8"))


def test_an_unencrypted_site_fails_verification_file_by_file(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert invoke(root, "build", "--salesperson", "tom-becker", env={"PLAYBOOK_TODAY": "2026-11-23"}).exit_code == 0
    result = invoke(root, "verify-encrypted", str(root / "site/tom-becker"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith("site/tom-becker/index.html: not encrypted") for line in lines)
    assert any(line.endswith("site/tom-becker/search/search_index.json: not encrypted") for line in lines)
    assert lines[-1].endswith("are not encrypted: set 'encrypt: true' for the playbook plugin in mkdocs.yml")


def test_generate_refuses_an_encrypted_playbook(encrypted: Path, tmp_path: Path) -> None:
    result = invoke(encrypted, "generate", "--out", str(tmp_path / "tree"), env=PASSPHRASES)
    assert result.exit_code == 1
    assert "a generated tree is built without the plugin and would be published unencrypted" in result.stderr
    assert not (tmp_path / "tree").exists()


def test_the_passphrase_is_never_read_from_mkdocs_yml(tmp_path: Path) -> None:
    root = encrypted_repo(tmp_path / "repo")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("      encrypt: true\n", "      encrypt: true\n      passphrase: hunter2\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = invoke(root, "build", "--salesperson", "tom-becker", env={"PLAYBOOK_TODAY": "2026-11-23"})
    assert result.exit_code == 1
    assert "no passphrase is set" in result.output
    assert os.environ.get("PLAYBOOK_PASSPHRASE") is None


def test_verify_flags_every_plain_file_outside_the_public_ones_and_an_empty_folder(encrypted: Path, tmp_path: Path) -> None:
    site = tmp_path / "copy"
    shutil.copytree(encrypted / "site/maya-okafor", site)
    (site / "greta.md").write_text("Greta Hansen\n", encoding="utf-8")
    (site / "images/extra.png").write_bytes(b"\x89PNG plain")
    result = invoke(encrypted, "verify-encrypted", str(site))
    assert result.exit_code == 1
    flagged = sorted(line.rsplit("/", 1)[-1] for line in result.stderr.splitlines() if line.endswith(": not encrypted"))
    assert flagged == ["extra.png: not encrypted", "greta.md: not encrypted"]
    (tmp_path / "empty").mkdir()
    empty = invoke(encrypted, "verify-encrypted", str(tmp_path / "empty"))
    assert empty.exit_code == 1 and "no encrypted page: this is not a built, encrypted playbook" in empty.stderr


def test_the_unlock_form_sends_nothing_without_its_script_and_404_carries_its_own(encrypted: Path) -> None:
    page = (encrypted / "site/maya-okafor/customers/greta-hansen/index.html").read_text(encoding="utf-8")
    form = re.search(r"<form[^>]*>.*?</form>", page, re.S)
    assert form is not None
    assert 'action="about:blank"' in form.group(0) and "<button type=\"submit\" disabled>" in form.group(0)
    assert "name=" not in form.group(0)  # no field a plain form submission could put in a URL
    # No icon of its own would send the browser to /favicon.ico: a 404 on every host that has none.
    assert '<link rel="icon" href="data:,">' in page.split("</head>")[0]
    missing = (encrypted / "site/maya-okafor/404.html").read_text(encoding="utf-8")
    assert "_playbook/unlock.js" not in missing.split('<script id="playbook-payload"')[0]
    assert 'src="' not in missing.split("</script>", 1)[1]  # 404.html is served at any address: its script is inline
    assert "Greta Hansen" not in missing and "404" in independent_page(MAYA_PASS, missing)


def test_a_blank_passphrase_and_a_dirty_build_are_refused(encrypted: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    blank = invoke(encrypted, "build", "--salesperson", "tom-becker", "--site-dir", str(tmp_path / "s"), env={"PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_PASSPHRASE_TOM_BECKER": "  "})
    assert blank.exit_code == 1 and "PLAYBOOK_PASSPHRASE_TOM_BECKER is blank: a passphrase must not be empty" in blank.stderr
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_SALESPERSON": "tom-becker", "PLAYBOOK_PASSPHRASE": "x y z", "NO_MKDOCS_2_WARNING": "1"}
    dirty = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(tmp_path / "d")], cwd=encrypted, env=env, capture_output=True, text=True, check=False)
    assert dirty.returncode == 1
    assert "plugin option 'encrypt' needs a whole build" in dirty.stderr
