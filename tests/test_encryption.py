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

from playbook_gen.addresses import Addresses
from playbook_gen.encryption import SiteKey, address_key, passphrase_env
from playbook_gen.playbook import load_playbook

from conftest import REPO, invoke

MAYA_PASS, TOM_PASS, TEAM_PASS = "maya's passphrase", "tom's passphrase", "the manager's passphrase"
HOSTILE_CONTACT = (
    "---\nname: Zed Sentinelperson <script>alert(1)</script>\ncompany: Sentinel Hostile Corp\nowner: maya-okafor\n"
    "why: Because of the SENTINEL-WHY.\nprivate_phone: SENTINEL-PRIVATE\n---\nSENTINEL-NOTES [x](javascript:alert(1))\n"
)


# -- the format, read by code written from the playbook's page Privacy alone ---------------------------------


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


def addresses(sid: str, passphrase: str) -> Addresses:
    """A site's opaque addresses, as its passphrase makes them."""
    return Addresses(address_key(passphrase, site_id=sid))


def site_of(root: Path, sid: str, passphrase: str) -> Path:
    """An encrypted site's folder: a token for a salesperson, team/ for the team site."""
    return root / "site" / (sid if sid == "team" else addresses(sid, passphrase).folder(sid))


def page_of(sid: str, passphrase: str, src_uri: str) -> str:
    """A profile page's file in an encrypted site (``customers/greta-hansen.md`` → ``p/<token>/index.html``)."""
    dest = addresses(sid, passphrase).dest_uri(src_uri, directory_urls=True)
    assert dest is not None and dest.startswith("p/")
    return dest


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
        hits += [
            f"{path.relative_to(encrypted)}: {w.decode()} (escaped)"
            for w in words
            if w.decode().replace("&", "&amp;").encode("ascii", "xmlcharrefreplace") in data
        ]
    assert hits == []
    assert len(files) > 100


def test_every_page_opens_only_with_its_own_salespersons_passphrase(encrypted: Path) -> None:
    for sid, passphrase, other in (("maya-okafor", MAYA_PASS, TOM_PASS), ("tom-becker", TOM_PASS, MAYA_PASS), ("team", TEAM_PASS, MAYA_PASS)):
        pages = sorted(site_of(encrypted, sid, passphrase).rglob("*.html"))
        assert any(p.name == "404.html" for p in pages)
        for page in pages:
            text = page.read_text(encoding="utf-8")
            assert '<meta name="robots" content="noindex, nofollow">' in text
            plain = independent_page(passphrase, text)
            assert plain.lstrip().lower().startswith("<!doctype html>") and 'name="robots"' in plain
            with pytest.raises(InvalidTag):
                independent_page(other, text)
    maya = site_of(encrypted, "maya-okafor", MAYA_PASS)
    home = independent_page(MAYA_PASS, (maya / "index.html").read_text(encoding="utf-8"))
    assert "Greta Hansen" in home
    index = json.loads(independent_file(MAYA_PASS, (maya / "search/search_index.json").read_bytes(), "search/search_index.json"))
    assert any("Lindqvist" in doc["text"] or "Lindqvist" in doc["title"] for doc in index["docs"])
    assert independent_file(MAYA_PASS, (maya / "asks.ics").read_bytes(), "asks.ics").startswith(b"BEGIN:VCALENDAR")
    assert independent_file(MAYA_PASS, (maya / "images/home.png").read_bytes(), "images/home.png").startswith(b"\x89PNG")


def test_the_unlock_page_holds_nothing_personal_and_every_file_its_own_nonce(encrypted: Path) -> None:
    site = site_of(encrypted, "maya-okafor", MAYA_PASS)
    page = (site / page_of("maya-okafor", MAYA_PASS, "contacts/zed-sentinel.md")).read_text(encoding="utf-8")
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
    other = {re.search(r'"salt":"([^"]+)"', p.read_text(encoding="utf-8")).group(1) for p in site_of(encrypted, "tom-becker", TOM_PASS).rglob("*.html")}  # type: ignore[union-attr]
    assert salts.isdisjoint(other)  # ...drawn afresh for every build
    result = invoke(encrypted, "verify-encrypted", str(site))
    assert result.exit_code == 0 and result.stderr.endswith("every page and personal file is encrypted, and no path names a profile\n")


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
    shared = "one passphrase for all"
    env = {"PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_PASSPHRASE": shared, passphrase_env("tom-becker"): TOM_PASS}
    assert invoke(root, "build", "--all", env={**env, passphrase_env("maya-okafor"): ""}).exit_code == 0
    greta = site_of(root, "maya-okafor", shared) / page_of("maya-okafor", shared, "customers/greta-hansen.md")
    assert "Greta Hansen" in independent_page(shared, greta.read_text(encoding="utf-8"))
    assert "Tom Becker" in independent_page(TOM_PASS, (site_of(root, "tom-becker", TOM_PASS) / "index.html").read_text(encoding="utf-8"))


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
    shutil.copytree(site_of(encrypted, "maya-okafor", MAYA_PASS), site)
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
    maya = site_of(encrypted, "maya-okafor", MAYA_PASS)
    page = (maya / page_of("maya-okafor", MAYA_PASS, "customers/greta-hansen.md")).read_text(encoding="utf-8")
    form = re.search(r"<form[^>]*>.*?</form>", page, re.S)
    assert form is not None
    assert 'action="about:blank"' in form.group(0) and '<button type="submit" disabled>' in form.group(0)
    assert "name=" not in form.group(0)  # no field a plain form submission could put in a URL
    # No icon of its own would send the browser to /favicon.ico: a 404 on every host that has none.
    assert '<link rel="icon" href="data:,">' in page.split("</head>")[0]
    missing = (maya / "404.html").read_text(encoding="utf-8")
    assert "_playbook/unlock.js" not in missing.split('<script id="playbook-payload"')[0]
    assert 'src="' not in missing.split("</script>", 1)[1]  # 404.html is served at any address: its script is inline
    assert "Greta Hansen" not in missing and "404" in independent_page(MAYA_PASS, missing)


def test_a_blank_passphrase_and_a_dirty_build_are_refused(encrypted: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    blank = invoke(
        encrypted,
        "build",
        "--salesperson",
        "tom-becker",
        "--site-dir",
        str(tmp_path / "s"),
        env={"PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_PASSPHRASE_TOM_BECKER": "  "},
    )
    assert blank.exit_code == 1 and "PLAYBOOK_PASSPHRASE_TOM_BECKER is blank: a passphrase must not be empty" in blank.stderr
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_SALESPERSON": "tom-becker", "PLAYBOOK_PASSPHRASE": "x y z", "NO_MKDOCS_2_WARNING": "1"}
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(tmp_path / "d")], cwd=encrypted, env=env, capture_output=True, text=True, check=False
    )
    assert dirty.returncode == 1
    assert "plugin option 'encrypt' needs a whole build" in dirty.stderr


# -- opaque addresses (SPEC §11): nothing outside the ciphertext names anybody ---------------------


def profile_ids_and_names(root: Path) -> tuple[list[str], list[str]]:
    """Every profile id and every profile name (people's names, question banks' titles) of a repository."""
    playbook = load_playbook(root / "docs", root=root)
    ids, names = set(), set()
    for profiles in (playbook.salespeople, playbook.customers, playbook.contacts, playbook.banks):
        for profile_id, profile in profiles.items():
            ids.add(profile_id)
            names.add(getattr(profile.data, "name", None) or profile.data.title)
    return sorted(ids), sorted(names)


def clear_parts(path: Path) -> bytes:
    """What a file shows without the passphrase: an unlock page less its ciphertext, a sealed file's header, any other file whole."""
    data = path.read_bytes()
    if path.suffix == ".html" and b'<script id="playbook-payload"' in data:
        return re.sub(rb'"ciphertext":"[^"]*"', b'"ciphertext":""', data)
    if data.startswith(b"PLAYBOOK-GEN-AESGCM-1\n"):
        return data[:54]
    return data


def test_the_encrypted_example_names_nobody_in_any_path_or_any_clear_part(encrypted: Path) -> None:
    ids, names = profile_ids_and_names(encrypted)
    assert len(ids) >= 20 and "zed-sentinel" in ids and "Zed Sentinelperson <script>alert(1)</script>" in names
    site = encrypted / "site"
    paths = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert len(paths) > 150
    maya = site_of(encrypted, "maya-okafor", MAYA_PASS).name
    # The index pages keep their addresses (they name nobody); every profile page is under p/.
    assert {f"{maya}/customers/index.html", f"{maya}/contacts/index.html", f"{maya}/asks/index.html"} <= set(paths)
    assert not [path for path in paths if path.startswith(f"{maya}/customers/") and path != f"{maya}/customers/index.html"]
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ids)) + r")(?![a-z0-9])")
    assert [path for path in paths if pattern.search(path.lower())] == []
    assert [path for path in paths if any(part in path.lower() for name in names for part in name.lower().split() if len(part) > 3)] == []
    hits = []
    for path in (p for p in site.rglob("*") if p.is_file()):
        clear = clear_parts(path).decode("utf-8", "replace").lower()
        hits += [f"{path.relative_to(site)}: {i}" for i in ids if re.search(r"(?<![a-z0-9])" + re.escape(i) + r"(?![a-z0-9])", clear)]
        hits += [f"{path.relative_to(site)}: {n}" for n in names if n.lower() in clear]
    assert hits == []
    # The same check is playbook-gen's own: verify-encrypted reads the ids from the playbook.
    result = invoke(encrypted, "verify-encrypted", str(site))
    assert result.exit_code == 0, result.stderr


def test_unlocked_links_anchors_search_locations_and_edit_links_name_nobody(encrypted: Path) -> None:
    """After the passphrase: an address bar, a bookmark or the history of the browser shows no id either."""
    ids, _ = profile_ids_and_names(encrypted)
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ids)) + r")(?![a-z0-9])")
    maya = site_of(encrypted, "maya-okafor", MAYA_PASS)
    leaks = []
    pages = sorted(maya.rglob("*.html"))
    assert len(pages) > 10  # every page below
    for path in pages:
        plain = independent_page(MAYA_PASS, path.read_text(encoding="utf-8"))
        targets = re.findall(r'\s(?:href|src|action)="([^"]*)"', plain) + re.findall(r'\sid="([^"]*)"', plain)
        leaks += [f"{path.relative_to(maya)}: {t}" for t in targets if not t.startswith(("mailto:", "https://", "http://")) and pattern.search(t.lower())]
        assert "/edit/" not in plain and "md-content__button" not in plain, f"{path}: an edit link names the profile's file"
    assert leaks == []
    index = json.loads(independent_file(MAYA_PASS, (maya / "search/search_index.json").read_bytes(), "search/search_index.json"))
    assert [doc["location"] for doc in index["docs"] if pattern.search(doc["location"])] == []
    assert any(doc["location"].startswith("p/") for doc in index["docs"])


def test_an_opaque_address_stays_while_the_passphrase_does_and_differs_between_sites(encrypted: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(encrypted / "docs", root / "docs")
    shutil.copy(encrypted / "mkdocs.yml", root / "mkdocs.yml")

    def tom(passphrase: str, site_dir: str) -> set[str]:
        env = {"PLAYBOOK_TODAY": "2026-11-23", "PLAYBOOK_PASSPHRASE": passphrase}
        result = invoke(root, "build", "--salesperson", "tom-becker", "--site-dir", str(root / site_dir), env=env)
        assert result.exit_code == 0, result.output
        (built,) = (root / site_dir).iterdir()
        assert built.name == addresses("tom-becker", passphrase).folder("tom-becker")
        assert f"tom-becker: built {(root / site_dir / built.name).as_posix()}/" in result.stderr  # the log says where the site is
        return {p.relative_to(root / site_dir).as_posix() for p in built.rglob("*.html")}

    first = tom(TOM_PASS, "one")
    assert first == tom(TOM_PASS, "two")  # bookmarks keep working from build to build
    assert {p for p in first if p.startswith("p/")}.isdisjoint(tom("another long passphrase", "three"))
    # One passphrase for everyone: a customer both salespeople hold still has two unrelated addresses.
    shared = "one passphrase for all"
    assert page_of("maya-okafor", shared, "customers/greta-hansen.md") != page_of("tom-becker", shared, "customers/greta-hansen.md")


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        ("x y z", "PLAYBOOK_PASSPHRASE_TOM_BECKER: the passphrase is too weak: 5 characters, at least 12 are needed (five random words hold well)"),
        ("password1234", "PLAYBOOK_PASSPHRASE_TOM_BECKER: the passphrase is too weak: a strength estimate (zxcvbn) scores it 1 of 4, at least 3 is needed"),
        # Long, and strong to zxcvbn alone, but made of the site's name and the salesperson's: 0 and 2 of 4.
        ("Referral playbook", "PLAYBOOK_PASSPHRASE_TOM_BECKER: the passphrase is too weak: a strength estimate (zxcvbn) scores it 0 of 4"),
        ("tom becker 2026", "PLAYBOOK_PASSPHRASE_TOM_BECKER: the passphrase is too weak: a strength estimate (zxcvbn) scores it 2 of 4"),
    ],
)
def test_a_weak_passphrase_stops_the_build_with_one_line(encrypted: Path, tmp_path: Path, passphrase: str, message: str) -> None:
    result = invoke(
        encrypted,
        "build",
        "--salesperson",
        "tom-becker",
        "--site-dir",
        str(tmp_path / "s"),
        env={"PLAYBOOK_TODAY": "2026-11-23", passphrase_env("tom-becker"): passphrase},
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output and passphrase not in result.output
    assert not (tmp_path / "s").exists()


def test_verify_fails_on_a_profile_id_in_any_path(encrypted: Path, tmp_path: Path) -> None:
    site = tmp_path / "copy"
    shutil.copytree(site_of(encrypted, "maya-okafor", MAYA_PASS), site)
    moved = site / "customers/greta-hansen/index.html"
    moved.parent.mkdir(parents=True)
    shutil.copy(site / page_of("maya-okafor", MAYA_PASS, "customers/greta-hansen.md"), moved)
    (site / "zoe-lindqvist.txt").write_bytes((site / "asks.csv").read_bytes())  # ciphertext, but its name is hers
    result = invoke(encrypted, "verify-encrypted", str(site))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith("customers/greta-hansen: names 'greta-hansen' outside the ciphertext") for line in lines), lines
    assert any(line.endswith("zoe-lindqvist.txt: names 'zoe-lindqvist' outside the ciphertext") for line in lines), lines
    assert lines[-1].endswith("name a profile outside the ciphertext: build it again with this playbook-gen (opaque addresses)")
