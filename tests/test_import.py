"""``playbook-gen import`` (SPEC §9) on export files of every kind in ``tests/fixtures/imports`` (see its README).

Profiles are written through the same editor as ``record``; a second import of
the same file changes no byte; a match never overwrites a value; an uncertain
match is listed for review; every imported profile passes ``check``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.imports.match import Known, People
from playbook_gen.imports.sources import linkedin_url
from playbook_gen.names import clean_name
from playbook_gen.playbook import load_playbook
from playbook_gen.problems import errors
from playbook_gen.profiles import parse_profile

from conftest import invoke, write_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
MKDOCS = "site_name: Import\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-12-07\n"
MAYA = "---\nname: Maya Okafor\noffer: get their numbers in order\n---\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}


def front(root: Path, relative: str) -> dict:
    return parse_profile((root / relative).read_bytes(), display_path=relative).data


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "repo", {"mkdocs.yml": MKDOCS, "docs/salespeople/maya-okafor.md": MAYA})


def check_clean(root: Path) -> None:
    result = invoke(root, "check")
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.stderr


# -- every LinkedIn variant ----------------------------------------------------------------------

LINKEDIN = {
    # file: (created, skipped) — every variant has the deactivated row and one duplicate
    "linkedin-current.csv": 9,
    "linkedin-2022.csv": 9,
    "linkedin-2019.csv": 9,
    "linkedin-2018.csv": 8,
    "linkedin-2016.csv": 7,
    "linkedin-excel-resaved.csv": 6,
}


@pytest.mark.parametrize("name", list(LINKEDIN))
def test_every_linkedin_variant_imports_once_and_again_changes_nothing(empty: Path, name: str) -> None:
    first = invoke(empty, "import", "linkedin", str(FIXTURES / name), "--as", "contacts")
    assert first.exit_code == 0, first.output
    summary = first.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"{LINKEDIN[name]} created, ") and summary.endswith("needs review"), summary
    assert "skipped: no name (a deactivated account, or an empty row)" in first.stdout
    check_clean(empty)
    before = snapshot(empty)
    second = invoke(empty, "import", "linkedin", str(FIXTURES / name), "--as", "contacts")
    assert second.exit_code == 0, second.output
    assert second.stderr.strip().splitlines()[-1].startswith("0 created, 0 updated, ")
    assert snapshot(empty) == before, "importing the same file twice changes nothing"


def test_linkedin_quirks_reach_the_profile_as_written(empty: Path) -> None:
    result = invoke(empty, "import", "linkedin", str(FIXTURES / "linkedin-current.csv"), "--as", "customers")
    assert result.exit_code == 0, result.output
    zoe = front(empty, "docs/customers/zoe-hartmann.md")
    # The first row had no email; the duplicate row further down (same URL) fills it, and keeps the first role.
    assert zoe == {
        "name": "Zoë Hartmann",
        "company": "Acme, Inc.",
        "role": "Director, Partnerships",
        "email": "zoe.hartmann@example.com",
        "linkedin": "https://www.linkedin.com/in/zoe-hartmann-3f9a1b",
    }
    assert front(empty, "docs/customers/lei-li.md")["name"] == "雷 李"  # as LinkedIn wrote first and last name
    assert front(empty, "docs/customers/ana-souza.md")["name"] == "Ana 🚀 Souza"  # the id drops the emoji, the name keeps it
    assert front(empty, "docs/customers/mehmet-yilmaz.md")["role"] == "Senior Consultant"  # trailing spaces trimmed
    assert "email" not in front(empty, "docs/customers/jordan-jd-blake.md")  # "urn:li:member:…" is no address
    assert front(empty, "docs/customers/jordan-jd-blake.md")["name"] == 'Jordan "JD" Blake'
    check_clean(empty)


# -- CRM exports and any CSV -----------------------------------------------------------------------

CRM = {"hubspot-contacts.csv": 6, "salesforce-contacts.csv": 5, "google-contacts.csv": 6, "google-contacts-legacy.csv": 4}


@pytest.mark.parametrize("name", list(CRM))
def test_crm_exports_are_recognised_by_their_headers(empty: Path, name: str) -> None:
    result = invoke(empty, "import", "csv", str(FIXTURES / name), "--as", "customers")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1].startswith(f"{CRM[name]} created, ")
    for path in (empty / "docs/customers").glob("*.md"):
        data = front(empty, path.relative_to(empty).as_posix())
        assert "[not provided]" not in data.values() and "null" not in data.values()
        assert all("\n" not in str(value) for value in data.values())
    check_clean(empty)
    before = snapshot(empty)
    assert invoke(empty, "import", "csv", str(FIXTURES / name), "--as", "customers").exit_code == 0
    assert snapshot(empty) == before


def test_salesforce_repeated_columns_and_placeholders(empty: Path) -> None:
    assert invoke(empty, "import", "csv", str(FIXTURES / "salesforce-contacts.csv"), "--as", "customers").exit_code == 0
    zoe = front(empty, "docs/customers/zoe-hartmann.md")
    assert zoe["phone"] == "(555) 010-0142" and zoe["company"] == "Acme, Inc."
    ana = front(empty, "docs/customers/ana.md")
    assert ana == {"name": "Ana", "email": "ana.souza@example.com"}  # "[not provided]" cells are empty


def test_any_other_csv_with_map(empty: Path) -> None:
    args = ["import", "csv", str(FIXTURES / "other.csv"), "--as", "customers"]
    refused = invoke(empty, *args)
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert "--map name=COLUMN" in refused.stderr
    mapped = invoke(empty, *args, "--map", "name=Full name", "--map", "company=Organisation", "--map", "email=E-mail", "--map", "role=Role")
    assert mapped.exit_code == 0, mapped.output
    assert front(empty, "docs/customers/jurgen-weiss.md") == {
        "name": "Jürgen Weiß",
        "company": "Weiß & Söhne GmbH",
        "role": "Geschäftsführer",
        "email": "j.weiss@example.de",
    }
    assert "row 6: skipped: no name" in mapped.stdout
    bad = invoke(empty, *args, "--map", "name=Nom")
    assert bad.exit_code == 1 and "--map names the column 'Nom', which the header does not have" in bad.stderr


def test_a_file_of_another_kind_is_one_error_line_and_writes_nothing(empty: Path) -> None:
    before = snapshot(empty)
    for source, name in (("csv", "not-a-contacts-file.csv"), ("linkedin", "hubspot-contacts.csv"), ("vcard", "other.csv")):
        result = invoke(empty, "import", source, str(FIXTURES / name), "--as", "contacts")
        assert result.exit_code == 1, (source, name)
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
        assert result.stderr.startswith(str(FIXTURES / name))
    assert snapshot(empty) == before


# -- vCards ----------------------------------------------------------------------------------------


def test_vcards_of_both_versions(empty: Path) -> None:
    for name in ("cards-v3.vcf", "cards-v4.vcf", "one-card.vcf"):
        result = invoke(empty, "import", "vcard", str(FIXTURES / name), "--as", "customers")
        assert result.exit_code == 0, result.output
    zoe = front(empty, "docs/customers/zoe-hartmann.md")
    assert zoe["email"] == "zoe.hartmann@example.com"  # item1.EMAIL, a grouped property
    assert zoe["company"] == "Acme Inc." and zoe["linkedin"] == "https://www.linkedin.com/in/zoe-hartmann-3f9a1b"
    assert front(empty, "docs/customers/ana-souza.md")["phone"] == "+1-555-555-0100"  # TEL;VALUE=uri:tel:…
    names = {front(empty, p.relative_to(empty).as_posix())["name"] for p in (empty / "docs/customers").glob("*.md")}
    assert "李雷" in names or "雷 李" in names or any("李" in n for n in names)  # a card with N but no FN
    check_clean(empty)
    before = snapshot(empty)
    for name in ("cards-v3.vcf", "cards-v4.vcf", "one-card.vcf"):
        assert invoke(empty, "import", "vcard", str(FIXTURES / name), "--as", "customers").exit_code == 0
    assert snapshot(empty) == before


# -- duplicates, against the example playbook --------------------------------------------------------


def test_a_match_fills_only_empty_keys_and_keeps_comments_and_notes(example: Path, tmp_path: Path) -> None:
    greta = example / "docs/customers/greta-hansen.md"
    greta.write_text(greta.read_text(encoding="utf-8").replace("relationship: 4\n", "relationship: 4   # since 2019\n"), encoding="utf-8")
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Greta,Hansen,https://www.linkedin.com/in/greta-h,greta@HANSENPRECISION.example,Hansen Precision Tools,CEO,02 Dec 2026\n"
        "Priya,Raman,https://www.linkedin.com/in/priya-r,,Another Firm Ltd,Partner,02 Dec 2026\n",
        encoding="utf-8",
    )
    before = greta.read_bytes()
    result = invoke(example, "import", "linkedin", str(export), "--as", "customers", "--owner", "maya-okafor")
    assert result.exit_code == 0, result.output
    after = greta.read_bytes()
    assert after.replace(b"linkedin: https://www.linkedin.com/in/greta-h\n", b"") == before  # one line added, nothing else
    assert b"role: managing director\n" in after, "a value is never overwritten (CEO is not written)"
    assert "docs/customers/greta-hansen.md: filled linkedin" in result.stdout
    assert (
        "row 3: needs review: Priya Raman (Another Firm Ltd) and docs/customers/priya-raman.md "
        "(Raman & Co. Chartered Accountants): same name, other company; not merged"
    ) in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "0 created, 1 updated, 0 unchanged, 0 skipped, 1 needs review"
    check_clean(example)


def test_several_salespeople_need_an_owner(example: Path) -> None:
    result = invoke(example, "import", "linkedin", str(FIXTURES / "linkedin-current.csv"), "--as", "contacts")
    assert result.exit_code == 1
    assert result.stderr == "docs/contacts: there are several salespeople (maya-okafor, tom-becker): say whose they are with --owner ID\n"


def test_dry_run_lists_what_would_change_and_writes_nothing(empty: Path) -> None:
    before = snapshot(empty)
    result = invoke(empty, "import", "linkedin", str(FIXTURES / "linkedin-current.csv"), "--as", "contacts", "--dry-run")
    assert result.exit_code == 0
    assert "docs/contacts/zoe-hartmann.md: new profile, imported" in result.stdout
    assert result.stderr.strip().endswith("nothing was written")
    assert snapshot(empty) == before


def test_linkedin_urls_compare_in_one_form() -> None:
    same = ["http://linkedin.com/in/Dana-Ruiz/?trk=abc", "https://www.linkedin.com/in/dana-ruiz", "www.linkedin.com/in/dana-ruiz/"]
    assert {linkedin_url(u) for u in same} == {"https://www.linkedin.com/in/dana-ruiz"}
    assert linkedin_url("https://example.com/dana") is None and linkedin_url("javascript:alert(1)") is None


# -- properties --------------------------------------------------------------------------------------

names = st.sampled_from(["Dana Ruiz", "Zoë Test", "Ana Souza", "Li Lei", "Ben Adler"])
companies = st.sampled_from(["", "Ruiz Logistics", "Acme, Inc.", "Other Co"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(names, companies, st.sampled_from(["", "Owner", "CFO"])), min_size=1, max_size=8))
def test_import_never_overwrites_a_value(rows: list[tuple[str, str, str]]) -> None:
    import tempfile

    root = write_tree(
        Path(tempfile.mkdtemp()) / "repo",
        {
            "mkdocs.yml": MKDOCS,
            "docs/salespeople/maya-okafor.md": MAYA,
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz   # as she signs\ncompany: Ruiz Logistics\nrole: owner\n---\nNotes stay.\n",
        },
    )
    export = root / "export.csv"
    export.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        + "".join(f'{n.split()[0]},{n.split()[1]},,"{c}",{r},02 Dec 2026\n' for n, c, r in rows),
        encoding="utf-8",
    )
    before = (root / "docs/contacts/dana-ruiz.md").read_bytes()
    result = invoke(root, "import", "linkedin", str(export), "--as", "contacts")
    assert result.exit_code == 0, result.output
    after = (root / "docs/contacts/dana-ruiz.md").read_bytes()
    # Every line that was there is still there, byte for byte: values, the comment, the notes.
    assert all(line in after.splitlines() for line in before.splitlines())
    assert errors(load_playbook(root / "docs", root=root).problems) == []
    shutil.rmtree(root.parent, ignore_errors=True)


def test_matching_stays_near_linear_by_blocking() -> None:
    def word(n: int) -> str:  # distinct made-up names: "Bcdf", "Bcdg", …
        letters = "bcdfghjklmnpqrstvwxz"
        return "".join(letters[(n // 20**k) % 20] for k in range(4)).capitalize()

    people = People()
    for n in range(5000):
        people.add(Known("contacts", f"p{n}", clean_name(f"{word(n)}a {word(n % 97)}o"), f"{word(n)} Ltd", f"p{n}@example.com", None))
    match = people.match(person=clean_name(f"{word(4321)}a {word(4321 % 97)}o"), company=f"{word(4321)} Ltd", email=None, linkedin=None)
    assert match.certain and match.known is not None and match.known.key == "p4321"
    # Only people of the same given and family name, or the same given name at the same company, are compared.
    assert max(len(block) for block in people.by_name.values()) == 1
    assert len(people._candidates(clean_name(f"{word(53)}a {word(53)}o"), "Other Ltd")) <= 1


def test_the_linkedin_key_shows_as_a_link_and_never_as_a_script_link(empty: Path) -> None:
    from conftest import build

    (empty / "docs/customers").mkdir()
    (empty / "docs/customers/ann-lee.md").write_text("---\nname: Ann Lee\nlinkedin: https://www.linkedin.com/in/ann-lee\n---\n", encoding="utf-8")
    (empty / "docs/customers/bad-link.md").write_text("---\nname: Bad Link\nlinkedin: javascript:alert(1)\n---\n", encoding="utf-8")
    site = build(empty)
    import html
    import re

    ann = (site / "customers/ann-lee/index.html").read_text(encoding="utf-8")
    [href] = re.findall(r'<a href="([^"]*)" rel="noopener noreferrer">LinkedIn profile</a>', ann)
    assert html.unescape(href) == "https://www.linkedin.com/in/ann-lee"  # the browser reads the references back
    bad = (site / "customers/bad-link/index.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html.unescape(bad).replace(" ", "") and "javascript:alert(1)" in html.unescape(bad)  # shown as text
