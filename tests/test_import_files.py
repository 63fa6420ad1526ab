"""The files ``playbook-gen import`` reads: real CRM exports recognised, bad files refused in one line (SPEC §9, issue 26).

Every bad file is one ``path:line: message`` line on standard error, exit
status 1, and nothing written: never ``unexpected Error`` or a traceback.
"""

from __future__ import annotations

import base64
import tracemalloc
from pathlib import Path

import pytest

from playbook_gen.profiles import parse_profile

from conftest import invoke, write_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
MKDOCS = "site_name: Import\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-12-07\n"
MAYA = "---\nname: Maya Okafor\noffer: get their numbers in order\n---\n"
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "repo", {"mkdocs.yml": MKDOCS, "docs/salespeople/maya-okafor.md": MAYA})


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}


def front(root: Path, relative: str) -> dict:
    return parse_profile((root / relative).read_bytes(), display_path=relative).data


def made(root: Path, folder: str = "customers") -> dict[str, dict]:
    return {p.stem: front(root, p.relative_to(root).as_posix()) for p in sorted((root / "docs" / folder).glob("*.md"))}


# -- the exports of today's CRMs ------------------------------------------------------------------


def test_hubspots_current_export_with_its_company_columns(empty: Path) -> None:
    result = invoke(empty, "import", "csv", str(FIXTURES / "hubspot-contacts-current.csv"), "--as", "customers")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1] == "4 created, 0 updated, 0 unchanged, 1 skipped, 0 needs review"
    people = made(empty)
    assert people["zoe-hartmann"] == {
        "name": "Zoë Hartmann",
        "company": "Acme, Inc.",
        "role": "Head of Partnerships",
        "email": "zoe.hartmann@example.com",
        "phone": "+1 555-010-0142",
    }
    # The company's own phone, in the repeated "Phone Number" column, is never the person's.
    assert people["helen-markovic"] == {
        "name": "Helen Markovic",
        "company": "Markovic Clinic",
        "role": "Medical Director",
        "email": "helen@markovic-clinic.example",
    }
    assert people["samuel-okoro"] == {"name": "Samuel Okoro", "role": "Chief of Surgery"}
    assert people["clara-moreau"]["role"] == "Partner, CPA" and "phone" not in people["clara-moreau"]
    assert invoke(empty, "check").exit_code == 0


@pytest.mark.parametrize("name", ["salesforce-dataloader.csv", "salesforce-dataloader-upper.csv"])
def test_salesforce_data_loader_and_api_exports(empty: Path, name: str) -> None:
    result = invoke(empty, "import", "csv", str(FIXTURES / name), "--as", "customers")
    assert result.exit_code == 0, result.output
    people = made(empty)
    assert people["zoe-hartmann"]["name"] == "Zoë Hartmann" and people["zoe-hartmann"]["email"] == "zoe.hartmann@example.com"
    assert people["zoe-hartmann"]["role"] == "Head of Partnerships" and people["zoe-hartmann"]["phone"] == "(555) 010-0142"
    assert "row 4: skipped: deleted in Salesforce (IsDeleted is true)" in result.stdout
    assert not any("former" in key or "gone" in key for key in people)
    if name == "salesforce-dataloader.csv":
        assert "company" not in people["zoe-hartmann"]  # AccountId is an id, not a name
        assert people["helen-markovic"]["name"] == "Helen Markovic"  # the Salutation column stays out of the name
        assert people["helen-markovic"]["phone"] == "+1 555-010-0901"  # MobilePhone when Phone is empty
    else:
        assert people["zoe-hartmann"]["company"] == "Acme, Inc."  # Account.Name, when the query asked for it
    assert invoke(empty, "check").exit_code == 0


# -- files that cannot be read ---------------------------------------------------------------------


def refused(root: Path, path: Path, source: str = "linkedin") -> str:
    before = snapshot(root)
    result = invoke(root, "import", source, str(path), "--as", "contacts")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert snapshot(root) == before, "nothing is written"
    return lines[0]


def test_a_binary_file_is_one_line(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    line = refused(empty, path)
    assert line.startswith(f"{path.as_posix()}:3: a binary file"), line  # the PNG signature holds two line breaks before its first NUL


def test_a_truncated_utf16_file_is_one_line(empty: Path, tmp_path: Path) -> None:
    text = LINKEDIN_HEADER + "Zoë,Hartmann,,,Acme,CEO,02 Dec 2026\n" + "Ana,Souza,,,Nuvem,CTO,02 Dec 2026\n"
    path = tmp_path / "Connections.csv"
    path.write_bytes(text.encode("utf-16")[:-1])  # cut short in the middle of a character
    line = refused(empty, path)
    assert line.startswith(f"{path.as_posix()}:3: cannot be decoded as UTF-16"), line


def test_an_oversize_cell_is_one_line(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_HEADER + "Zoë,Hartmann,,,Acme,CEO,02 Dec 2026\n" + f'Ana,"{"x" * 200_000}",,,Nuvem,CTO,02 Dec 2026\n', encoding="utf-8")
    line = refused(empty, path)
    assert line.startswith(f"{path.as_posix()}:3: a cell of more than 10,000 characters"), line
    path.write_text(LINKEDIN_HEADER + f"Ana,{'y' * 20_000},,,Nuvem,CTO,02 Dec 2026\n", encoding="utf-8")
    assert refused(empty, path).startswith(f"{path.as_posix()}:2: a cell of 20,000 characters")


def test_a_broken_quote_is_one_line(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        LINKEDIN_HEADER + "Zoë,Hartmann,,,Acme,CEO,02 Dec 2026\n" + 'Ana,"Souza,,,Nuvem,CTO,02 Dec 2026\n' + "Li,Lei,,,Acme,CTO,02 Dec 2026\n", encoding="utf-8"
    )
    assert refused(empty, path).startswith(f"{path.as_posix()}:3: a quote opened in this row is never closed")
    path.write_text(LINKEDIN_HEADER + 'Ana,"Souza"x,,,Nuvem,CTO,02 Dec 2026\n', encoding="utf-8")
    assert refused(empty, path).startswith(f"{path.as_posix()}:2: a broken quote")


def test_shift_jis_is_read_as_shift_jis(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = LINKEDIN_HEADER + "太郎,山田,,taro@yamada.example,山田商事株式会社,代表取締役,02 Dec 2026\n花子,佐藤,,,佐藤製作所,経理部長,01 Dec 2026\n"
    path.write_bytes(text.encode("shift_jis"))
    result = invoke(empty, "import", "linkedin", str(path), "--as", "contacts")
    assert result.exit_code == 0, result.output
    names = {data["name"] for data in made(empty, "contacts").values()}
    assert names == {"太郎 山田", "花子 佐藤"}, names
    assert front(empty, "docs/contacts/tai-lang-shan-tian.md")["company"] == "山田商事株式会社"


def test_an_encoding_that_cannot_be_told_is_refused(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN_HEADER.encode() + bytes(range(0x80, 0x100)) * 3 + b",x,,,,,\n")
    line = refused(empty, path)
    assert line.startswith(f"{path.as_posix()}:2: not UTF-8, and its encoding cannot be told for certain"), line


def test_windows_code_page_files_are_read_when_the_answer_is_confident(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("Full name;Organisation;E-mail\nJürgen Weiß;Weiß & Söhne GmbH;j.weiss@example.de\nZoë Hartmann;Acme;z@example.com\n".encode("cp1252"))
    result = invoke(empty, "import", "csv", str(path), "--as", "contacts", "--map", "name=Full name", "--map", "company=Organisation")
    assert result.exit_code == 0, result.output
    assert front(empty, "docs/contacts/jurgen-weiss.md") == {"name": "Jürgen Weiß", "company": "Weiß & Söhne GmbH"}


# -- vCards: a photo is never held whole ---------------------------------------------------------------


def card_with_photo(path: Path, *, photo_bytes: int, folded: bool) -> Path:
    encoded = base64.b64encode(bytes(range(256)) * (photo_bytes // 256)).decode()
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + encoded
    if folded:
        photo = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    cards = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Helen Markovic\r\nN:Markovic;Helen;;Dr.;\r\nORG:Markovic Clinic\r\n"
        + photo
        + "\r\nEMAIL:helen@markovic.example\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Souza\r\nEMAIL:ana@souza.example\r\nEND:VCARD\r\n",
    ]
    path.write_text("".join(cards), encoding="utf-8")
    return path


@pytest.mark.parametrize("folded", [True, False])
def test_a_vcards_photo_is_dropped_while_reading(empty: Path, tmp_path: Path, folded: bool) -> None:
    from playbook_gen.imports.vcard import read_vcard

    path = card_with_photo(tmp_path / "cards.vcf", photo_bytes=6_000_000, folded=folded)
    assert path.stat().st_size > 8_000_000
    list(read_vcard(card_with_photo(tmp_path / "warm.vcf", photo_bytes=0, folded=True)))  # vobject's own import is not the card's
    tracemalloc.start()
    try:
        rows = list(read_vcard(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"{peak:,} bytes held while reading an {path.stat().st_size:,}-byte file"
    assert [row.values for row in rows] == [
        {"name": "Helen Markovic", "company": "Markovic Clinic", "email": "helen@markovic.example"},
        {"name": "Ana Souza", "email": "ana@souza.example"},
    ]
    result = invoke(empty, "import", "vcard", str(path), "--as", "contacts")
    assert result.exit_code == 0, result.output
    assert set(made(empty, "contacts")) == {"helen-markovic", "ana-souza"}


def test_an_oversize_vcard_property_is_one_line(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "A" * 20_000 + "\r\nEND:VCARD\r\n", encoding="utf-8")
    assert refused(empty, path, "vcard").startswith(f"{path.as_posix()}:3: a FN of more than 10,000 characters")
