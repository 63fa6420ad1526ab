"""``playbook-gen import`` never confuses two people (SPEC §9, issue 26).

Matches across customers and contacts and the rows above, by email, then
LinkedIn profile, then name and company; different given names are different
people; a contradicting email or LinkedIn profile blocks a merge; every row is
counted once and every row that made nothing has its own line; a person
erased with ``forget`` stays erased (SPEC §8).
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.playbook import load_playbook
from playbook_gen.problems import errors
from playbook_gen.profiles import parse_profile

from conftest import invoke, kept_by_the_lock, write_tree

MKDOCS = "site_name: Import\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-12-07\n"
MAYA = "---\nname: Maya Okafor\noffer: get their numbers in order\n---\n"
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
SUMMARY = re.compile(r"^(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) skipped, (\d+) needs review$")


def repo(files: dict[str, str] | None = None) -> Path:
    root = Path(tempfile.mkdtemp()) / "repo"
    return write_tree(root, {"mkdocs.yml": MKDOCS, "docs/salespeople/maya-okafor.md": MAYA, **(files or {})})


def connections(path: Path, rows: list[list[str]]) -> Path:
    """A LinkedIn Connections.csv (current layout) of these rows: first, last, url, email, company, position."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LINKEDIN_HEADER)
    for row in rows:
        writer.writerow([*row, "02 Dec 2026"])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def profiles(root: Path, folder: str) -> dict[str, dict]:
    found = {}
    for path in sorted((root / "docs" / folder).glob("*.md")):
        relative = path.relative_to(root).as_posix()
        found[path.stem] = parse_profile(path.read_bytes(), display_path=relative).data
    return found


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.parts and not kept_by_the_lock(root, p)
    }


def summary(result) -> tuple[int, ...]:
    line = result.stderr.strip().splitlines()[-1]
    found = SUMMARY.match(line)
    assert found, line
    return tuple(int(n) for n in found.groups())


def row_lines(result) -> dict[int, str]:
    return {int(m.group(1)): line for line in result.stdout.splitlines() if (m := re.match(r"^row (\d+): ", line))}


# -- different people stay apart ---------------------------------------------------------------

PAIRS = [
    ["Dana", "Ruiz", "", "", "Ruiz Cold Storage", "Owner"],
    ["Dan", "Ruiz", "https://www.linkedin.com/in/dan-ruiz-77", "", "Ruiz Cold Storage", "Driver"],
    ["John", "Smith", "", "", "Smith & Sons", "CFO"],
    ["Jon", "Smith", "", "", "Smith & Sons", "Analyst"],
    ["Anna", "Lee", "", "", "Lee Dental", "Dentist"],
    ["Ann", "Lee", "", "", "Lee Dental", "Office manager"],
    ["Peter", "Müller", "", "", "Müller Bau GmbH", "Managing director"],
    ["Peter", "Müller Jr.", "", "", "Müller Bau GmbH", "Site manager"],
]


def test_eight_people_whose_given_names_differ_are_eight_profiles() -> None:
    root = repo()
    result = invoke(root, "import", "linkedin", str(connections(root / "c.csv", PAIRS)), "--as", "contacts")
    assert result.exit_code == 0, result.output
    assert summary(result) == (8, 0, 0, 0, 0)
    made = profiles(root, "contacts")
    assert set(made) == {"dana-ruiz", "dan-ruiz", "john-smith", "jon-smith", "anna-lee", "ann-lee", "peter-muller", "peter-muller-jr"}
    assert made["dan-ruiz"]["linkedin"] == "https://www.linkedin.com/in/dan-ruiz-77" and "linkedin" not in made["dana-ruiz"]
    assert made["peter-muller-jr"]["name"] == "Peter Müller Jr."
    before = snapshot(root)
    again = invoke(root, "import", "linkedin", str(root / "c.csv"), "--as", "contacts")
    assert summary(again) == (0, 0, 8, 0, 0) and snapshot(root) == before


def test_dan_is_not_merged_into_the_examples_dana(example: Path, tmp_path: Path) -> None:
    dana = (example / "docs/contacts/dana-ruiz.md").read_bytes()
    export = connections(tmp_path / "c.csv", [["Dan", "Ruiz", "https://www.linkedin.com/in/dan-ruiz-77", "", "Ruiz Cold Storage", "Driver"]])
    result = invoke(example, "import", "linkedin", str(export), "--as", "contacts", "--owner", "maya-okafor")
    assert result.exit_code == 0, result.output
    assert "dana-ruiz.md: filled" not in result.stdout
    assert (example / "docs/contacts/dana-ruiz.md").read_bytes() == dana
    assert (example / "docs/contacts/dan-ruiz.md").is_file()


@pytest.mark.parametrize(
    ("existing", "row", "reason"),
    [
        # The same name and company, but another email: the mail button must not reach the wrong person.
        ("email: dana@ruiz.example\n", ["Dana", "Ruiz", "", "d.ruiz@other.example", "Ruiz Cold Storage", "Owner"], "same name, but another email"),
        (
            "linkedin: https://www.linkedin.com/in/dana-ruiz\n",
            ["Dana", "Ruiz", "https://www.linkedin.com/in/dana-ruiz-2", "", "Ruiz Cold Storage", ""],
            "another LinkedIn profile",
        ),
        # One address, two given names: not the same person on a guess.
        ("email: dana@ruiz.example\n", ["Dan", "Ruiz", "", "DANA@ruiz.example", "Ruiz Cold Storage", ""], "same email, but another given name"),
        (
            "linkedin: https://www.linkedin.com/in/dana-ruiz\n",
            ["Dana", "Ruiz", "https://linkedin.com/in/Dana-Ruiz/", "dana@x.example", "", ""],
            "same LinkedIn profile, but another email",
        ),
        ("", ["Dana", "Ruiz", "", "", "Another Firm Ltd", ""], "same name, other company"),
        ("", ["Dana", "Ruiz", "", "", "", ""], "same name, company unknown"),
        ("", ["Dana", "Ruis", "", "", "Ruiz Cold Storage", ""], "a similar name at the same company"),
    ],
)
def test_what_is_not_certain_is_for_review_and_changes_nothing(existing: str, row: list[str], reason: str) -> None:
    contact = f"---\nname: Dana Ruiz\ncompany: Ruiz Cold Storage\n{existing}---\nNotes.\n"
    if "dana@x.example" in row:
        contact = contact.replace("dana@ruiz.example", "dana@y.example")
        contact = contact.replace("---\nNotes", "email: dana@y.example\n---\nNotes")
    root = repo({"docs/contacts/dana-ruiz.md": contact})
    before = snapshot(root)
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", [row])), "--as", "contacts")
    assert result.exit_code == 0, result.output
    assert summary(result) == (0, 0, 0, 0, 1)
    line = row_lines(result)[2]
    assert line.startswith(f"row 2: needs review: {row[0]} {row[1]} (") and "docs/contacts/dana-ruiz.md" in line, line
    assert reason in line and line.endswith("not merged"), line
    assert snapshot(root) == before


def test_email_then_linkedin_then_name_fill_only_empty_keys() -> None:
    root = repo(
        {
            "docs/contacts/zoe-hartmann.md": "---\nname: Zoë Hartmann   # as she writes it\ncompany: Acme, Inc.\nrole: Director\n---\nMet at the fair.\n",
        }
    )
    rows = [
        ["Zoe", "Hartmann", "", "", "Acme Inc", "Head of Partnerships"],  # same name and company: fills nothing new but...
        ["Zoë", "Hartmann", "https://www.linkedin.com/in/%7Ezoe", "", "ACME, INC.", ""],  # ...this one fills linkedin
        ["Zoë", "Hartmann", "https://www.linkedin.com/in/~Zoe/", "zoe@acme.example", "", ""],  # same LinkedIn profile, written otherwise
        ["Z.", "H.", "", "ZOE@ACME.EXAMPLE", "", "+1 555 0100"],  # same email
    ]
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", rows)), "--as", "contacts")
    assert result.exit_code == 0, result.output
    assert summary(result) == (0, 2, 2, 0, 0)
    zoe = profiles(root, "contacts")["zoe-hartmann"]
    assert zoe == {
        "name": "Zoë Hartmann",
        "company": "Acme, Inc.",
        "role": "Director",
        "email": "zoe@acme.example",
        "linkedin": "https://www.linkedin.com/in/~zoe",
    }
    text = (root / "docs/contacts/zoe-hartmann.md").read_text(encoding="utf-8")
    assert "# as she writes it" in text and text.endswith("Met at the fair.\n")
    lines = row_lines(result)
    assert set(lines) == {2, 3, 4, 5}
    assert "same LinkedIn profile" in lines[4] and "same email" in lines[5]


def test_a_row_of_the_other_kind_creates_nothing_and_says_so() -> None:
    root = repo()
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL;TYPE=INTERNET:{email}\r\nORG:{company}\r\nEND:VCARD\r\n"
        for name, email, company in [
            ("Greta Hansen", "greta@hansen.example", "Hansen Tools"),
            ("Luis Ferreira", "luis@ferreira.example", "Ferreira Lda"),
            ("Aisha Bello", "aisha@bello.example", "Bello Clinics"),
            ("Hannah Cho", "hannah@cho.example", "Cho Architects"),
            ("Rachel Kim", "rachel@kim.example", "Kim Law"),
            ("Marcus Webb", "marcus@webb.example", "Webb Freight"),
        ]
    )
    (root.parent / "customers.vcf").write_text(cards, encoding="utf-8")
    assert summary(invoke(root, "import", "vcard", str(root.parent / "customers.vcf"), "--as", "customers"))[0] == 6
    rows = [
        [n.split()[0], n.split()[1], "", e.upper(), "", ""]
        for n, e in [
            ("Greta Hansen", "greta@hansen.example"),
            ("Luis Ferreira", "luis@ferreira.example"),
            ("Aisha Bello", "aisha@bello.example"),
            ("Hannah Cho", "hannah@cho.example"),
            ("Rachel Kim", "rachel@kim.example"),
            ("Marcus Webb", "marcus@webb.example"),
        ]
    ] + [["Nadia", "Haddad", "", "", "Haddad Bakery", "Owner"]]
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", rows)), "--as", "contacts")
    assert result.exit_code == 0, result.output
    assert summary(result) == (1, 0, 0, 6, 0)
    assert set(profiles(root, "contacts")) == {"nadia-haddad"}
    assert "row 2: skipped: already a customer: greta-hansen (same email; docs/customers/greta-hansen.md)" in result.stdout
    # And the other way round: a contact is not imported again as a customer.
    back = invoke(root, "import", "linkedin", str(root.parent / "c.csv"), "--as", "customers")
    assert "row 8: skipped: already a contact: nadia-haddad" in back.stdout


def test_rows_of_one_file_are_matched_with_each_other_and_every_row_is_counted() -> None:
    root = repo({"docs/customers/ben-adler.md": "---\nname: Ben Adler\nemail: ben@adler.example\n---\n"})
    rows = [
        ["Mei", "Tanaka", "https://www.linkedin.com/in/mei-tanaka", "", "Tanaka Foods", ""],  # 2 created
        ["", "", "", "", "", ""],  # 3 skipped: no name
        ["Mei", "Tanaka", "https://www.linkedin.com/in/mei-tanaka/", "mei@tanaka.example", "", "CEO"],  # 4 updated (row 2's profile)
        ["Mei", "Tanaka", "", "MEI@TANAKA.EXAMPLE", "", ""],  # 5 unchanged
        ["Ben", "Adler", "", "ben@adler.example", "", ""],  # 6 skipped: already a customer
        ["Mei", "Tanaka", "", "", "Other Foods", ""],  # 7 needs review
        ["Meike", "Tanaka", "", "", "Tanaka Foods", ""],  # 8 created: another given name
    ]
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", rows)), "--as", "contacts")
    assert result.exit_code == 0, result.output
    counts = summary(result)
    assert counts == (2, 1, 1, 2, 1) and sum(counts) == len(rows)
    lines = row_lines(result)
    assert set(lines) == {3, 4, 5, 6, 7}, "every row that did not create a profile has its own line"
    assert lines[4] == "row 4: updated docs/contacts/mei-tanaka.md, made from row 2: filled role, email (same LinkedIn profile)"
    assert lines[5].startswith("row 5: unchanged: docs/contacts/mei-tanaka.md")
    assert profiles(root, "contacts")["mei-tanaka"] == {
        "name": "Mei Tanaka",
        "company": "Tanaka Foods",
        "role": "CEO",
        "email": "mei@tanaka.example",
        "linkedin": "https://www.linkedin.com/in/mei-tanaka",
    }


def test_contacts_keep_email_and_phone_so_a_row_with_only_an_email_finds_them() -> None:
    root = repo()
    first = [["Kenji", "Sato", "", "kenji@sato.example", "Sato Works", "Owner"]]
    assert summary(invoke(root, "import", "linkedin", str(connections(root.parent / "a.csv", first)), "--as", "contacts"))[0] == 1
    assert profiles(root, "contacts")["kenji-sato"]["email"] == "kenji@sato.example"
    # A CRM knows him by his address and a nickname only.
    (root.parent / "b.csv").write_text("Full name,Mail,Phone\nKen,Kenji@Sato.example,+81 3 5550 0100\n", encoding="utf-8")
    result = invoke(
        root, "import", "csv", str(root.parent / "b.csv"), "--as", "contacts", "--map", "name=Full name", "--map", "email=Mail", "--map", "phone=Phone"
    )
    assert result.exit_code == 0, result.output
    assert summary(result) == (0, 1, 0, 0, 0)
    assert profiles(root, "contacts") == {
        "kenji-sato": {
            "name": "Kenji Sato",
            "company": "Sato Works",
            "role": "Owner",
            "email": "kenji@sato.example",
            "phone": "+81 3 5550 0100",
        }
    }
    assert invoke(root, "check").exit_code == 0


def test_percent_encoded_and_plain_linkedin_urls_are_one_person() -> None:
    root = repo()
    rows = [["Kenji", "Sato", "https://www.linkedin.com/in/%7Ekenji", "", "", ""], ["Ken", "Sato", "http://linkedin.com/in/~kenji/", "", "", ""]]
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", rows)), "--as", "contacts")
    assert summary(result) == (1, 0, 0, 0, 1)  # one profile; the second row's other given name is for review
    assert "row 3: needs review: Ken Sato (no company) and docs/contacts/kenji-sato.md" in result.stdout
    assert profiles(root, "contacts")["kenji-sato"]["linkedin"] == "https://www.linkedin.com/in/~kenji"


# -- names and ids -------------------------------------------------------------------------------


def test_titles_and_post_nominals_stay_out_of_names_and_ids_and_roles_keep_their_credentials() -> None:
    root = repo({"docs/contacts/ines-carvalho.md": "---\nname: Inês Carvalho\n---\n"})
    rows = [
        ["Dr. Helen", "Markovic", "", "", "Markovic Clinic", "Physician"],
        ["Samuel", "Okoro, MD", "", "", "", ""],
        ["Frank", "Delaney Esq.", "", "", "", "Attorney"],
        ["Clara", "Moreau, PhD, CPA", "", "", "", "Partner, CPA"],
        ["Peter", "Müller Jr.", "", "", "", ""],
        ["Index", "", "", "", "", ""],  # its id would take the contacts' index page
        ["Inês", "Carvalho", "", "", "Carvalho Lda", ""],  # same name, no company on the profile: for review
        ["Ann-Lee", "Smith", "", "", "", ""],
        ["Ann Lee", "Smith", "", "", "", ""],  # another given name, the same id: -2
    ]
    result = invoke(root, "import", "linkedin", str(connections(root.parent / "c.csv", rows)), "--as", "contacts")
    assert result.exit_code == 0, result.output
    made = profiles(root, "contacts")
    assert made["helen-markovic"]["name"] == "Helen Markovic"
    assert made["samuel-okoro"]["name"] == "Samuel Okoro"
    assert made["frank-delaney"]["name"] == "Frank Delaney"
    assert made["clara-moreau"] == {"name": "Clara Moreau", "role": "Partner, CPA"}
    assert made["peter-muller-jr"]["name"] == "Peter Müller Jr."
    assert "index" not in made and made["index-2"]["name"] == "Index"
    assert made["ann-lee-smith"]["name"] == "Ann-Lee Smith" and made["ann-lee-smith-2"]["name"] == "Ann Lee Smith"
    assert invoke(root, "check").exit_code == 0


# -- forget keeps a fingerprint ------------------------------------------------------------------


def test_forget_keeps_a_one_way_fingerprint_and_import_skips_the_forgotten() -> None:
    root = repo()
    rows = [
        ["Rita", "Recruiter", "https://www.linkedin.com/in/rita-recruits", "rita@talent.example", "Talent Hunters", "Recruiter"],
        ["Victor", "Vendor", "", "", "Vendor Supplies", "Sales"],
        ["Nadia", "Haddad", "", "", "Haddad Bakery", "Owner"],
    ]
    export = connections(root.parent / "c.csv", rows)
    assert summary(invoke(root, "import", "linkedin", str(export), "--as", "contacts")) == (3, 0, 0, 0, 0)
    dry = invoke(root, "forget", "rita-recruiter", "--dry-run")
    assert dry.exit_code == 0 and "+++ b/.playbook-forgotten" in dry.stdout and not (root / ".playbook-forgotten").exists()
    for person in ("rita-recruiter", "victor-vendor"):
        result = invoke(root, "forget", person)
        assert result.exit_code == 0, result.output
        assert f"docs/contacts/{person}.md: removed" in result.stdout
        assert f".playbook-forgotten: fingerprint of {person} kept" in result.stdout
    kept = (root / ".playbook-forgotten").read_text(encoding="utf-8")
    assert (root / ".playbook-forgotten").parent == (root / "mkdocs.yml").parent
    for value in ("rita", "talent", "recruit", "victor", "vendor", "linkedin.com"):
        assert value not in kept.lower().split("# keep")[-1].split("do not edit it by hand.")[-1], value
    assert len(re.findall(r"^(email|linkedin|name) [0-9a-f]{64}$", kept, re.MULTILINE)) == 4  # Rita: 3 keys, Victor: name and company
    before = snapshot(root)
    again = invoke(root, "import", "linkedin", str(export), "--as", "contacts")
    assert again.exit_code == 0, again.output
    assert summary(again) == (0, 0, 1, 2, 0)
    assert "row 2: skipped: Rita Recruiter was forgotten (erased with playbook-gen forget; same email)" in again.stdout
    assert "row 3: skipped: Victor Vendor was forgotten (erased with playbook-gen forget; same name and company)" in again.stdout
    assert snapshot(root) == before
    # Found again by any one key: her LinkedIn profile alone, written another way.
    other = connections(root.parent / "d.csv", [["R.", "Recruiter", "http://linkedin.com/in/Rita-Recruits/", "", "", ""]])
    assert "was forgotten" in invoke(root, "import", "linkedin", str(other), "--as", "customers").stdout


def test_a_salt_per_repository_makes_the_same_person_two_fingerprints() -> None:
    fingerprints = []
    for _ in range(2):
        root = repo({"docs/contacts/rita-recruiter.md": "---\nname: Rita Recruiter\nemail: rita@talent.example\n---\n"})
        assert invoke(root, "forget", "rita-recruiter").exit_code == 0
        fingerprints.append({line for line in (root / ".playbook-forgotten").read_text(encoding="utf-8").splitlines() if line.startswith("email ")})
    assert fingerprints[0] and fingerprints[0].isdisjoint(fingerprints[1])


# -- properties ----------------------------------------------------------------------------------

PEOPLE = [
    # given, family, company, email, LinkedIn slug, role, phone: people the import must tell apart.
    ("Dana", "Ruiz", "Ruiz Cold Storage", "dana@ruiz.example", "dana-ruiz", "Owner", "+1 555 0101"),
    ("Dan", "Ruiz", "Ruiz Cold Storage", "dan@ruiz.example", "dan-ruiz", "Driver", "+1 555 0102"),
    ("John", "Smith", "Smith & Sons", "john@smith.example", "jsmith", "CFO", ""),
    ("Jon", "Smith", "Smith & Sons", "", "jon-smith", "Analyst", "+1 555 0104"),
    ("Ann", "Lee", "", "ann@lee.example", "", "Dentist", ""),
    ("Anna", "Lee", "", "", "anna-lee", "", "+1 555 0106"),
    ("Peter", "Müller", "Müller Bau GmbH", "peter@mueller.example", "", "Managing director", ""),
    ("Peter", "Müller Jr.", "Müller Bau GmbH", "", "pmjr", "Site manager", ""),
    ("Zoë", "Hartmann", "Acme, Inc.", "zoe@acme.example", "~zoe", "Director", ""),
]
KEYS = ("email", "linkedin", "role", "phone")


@st.composite
def export_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows of a few of PEOPLE, each person once to three times, each row showing some of their keys (never another value)."""
    chosen = draw(st.lists(st.sampled_from(range(len(PEOPLE))), min_size=1, max_size=6, unique=True))
    rows = []
    for index in chosen:
        given_name, family, company, email, slug, role, phone = PEOPLE[index]
        for shown in draw(st.lists(st.sets(st.sampled_from(KEYS)), min_size=1, max_size=3)):
            url = f"https://www.linkedin.com/in/{slug}" if slug and "linkedin" in shown else ""
            rows.append(
                [given_name, family, url, email if "email" in shown else "", company, role if "role" in shown else "", phone if "phone" in shown else ""]
            )
    return rows


def crm_file(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["First", "Last", "LinkedIn", "Mail", "Organisation", "Title", "Phone"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


MAP = [
    "--map",
    "first_name=First",
    "--map",
    "last_name=Last",
    "--map",
    "linkedin=LinkedIn",
    "--map",
    "email=Mail",
    "--map",
    "company=Organisation",
    "--map",
    "role=Title",
    "--map",
    "phone=Phone",
]


def imported(files: list[list[list[str]]]) -> list[dict]:
    root = repo()
    try:
        for number, rows in enumerate(files):
            result = invoke(root, "import", "csv", str(crm_file(root.parent / f"part{number}.csv", rows)), "--as", "contacts", *MAP)
            assert result.exit_code == 0, result.output
        return sorted((profiles(root, "contacts").values()), key=lambda data: sorted(data.items()))
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=export_rows(), data=st.data())
def test_any_order_of_the_rows_or_any_split_over_two_files_gives_the_same_profiles(rows: list[list[str]], data: st.DataObject) -> None:
    expected = imported([rows])
    assert len(expected) == len({(row[0], row[1]) for row in rows}), "one profile per person, never two people in one"
    shuffled = data.draw(st.permutations(rows))
    assert imported([shuffled]) == expected
    cut = data.draw(st.integers(min_value=0, max_value=len(rows)))
    assert imported([shuffled[:cut], shuffled[cut:]]) == expected


EXISTING = st.fixed_dictionaries(
    {},
    optional={
        "company": st.sampled_from(["Ruiz Cold Storage", "Acme, Inc.", "Other Co"]),
        "role": st.sampled_from(["owner", "CFO"]),
        "email": st.sampled_from(["dana@ruiz.example", "dan@ruiz.example", "other@x.example"]),
        "phone": st.sampled_from(["+1 555 0199", "'0101'"]),
        "linkedin": st.sampled_from(["https://www.linkedin.com/in/dana-ruiz", "https://www.linkedin.com/in/someone"]),
    },
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    customer=EXISTING,
    contact=EXISTING,
    rows=st.lists(st.tuples(st.sampled_from(PEOPLE[:4]), st.sets(st.sampled_from(("company", *KEYS)))), min_size=1, max_size=6),
)
def test_no_import_ever_changes_an_existing_value(customer: dict, contact: dict, rows: list) -> None:
    def front(name: str, values: dict) -> str:
        return "---\n" + f"name: {name}   # kept\n" + "".join(f"{k}: {v if k != 'phone' else repr(v)}\n" for k, v in values.items()) + "---\nNotes stay.\n"

    root = repo({"docs/customers/dana-ruiz.md": front("Dana Ruiz", customer), "docs/contacts/dan-ruiz.md": front("Dan Ruiz", contact)})
    try:
        before = {path: path.read_bytes() for path in (root / "docs/customers/dana-ruiz.md", root / "docs/contacts/dan-ruiz.md")}
        old = {folder: profiles(root, folder) for folder in ("customers", "contacts")}
        lines = []
        for (given_name, family, company, email, slug, role, phone), shown in rows:
            values = {"company": company, "email": email, "linkedin": f"https://www.linkedin.com/in/{slug}" if slug else "", "role": role, "phone": phone}
            lines.append([given_name, family, *(values[k] if k in shown else "" for k in ("linkedin", "email", "company", "role", "phone"))])
        for folder in ("contacts", "customers"):
            result = invoke(
                root, "import", "csv", str(crm_file(root.parent / "x.csv", [[r[0], r[1], r[2], r[3], r[4], r[5], r[6]] for r in lines])), "--as", folder, *MAP
            )
            assert result.exit_code == 0, result.output
            assert sum(summary(result)) == len(lines)
        for path, content in before.items():
            assert all(line in path.read_bytes().splitlines() for line in content.splitlines()), "every line that was there still is"
        for folder, people in old.items():
            now = profiles(root, folder)
            for profile_id, data in people.items():
                assert {k: now[profile_id][k] for k in data} == data
        assert errors(load_playbook(root / "docs", root=root).problems) == []
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_a_contacts_email_and_phone_show_on_their_page_as_text() -> None:
    from conftest import build

    root = repo(
        {
            "docs/contacts/dana-ruiz.md": '---\nname: Dana Ruiz\nemail: dana@ruiz.example\nphone: "<script>alert(1)</script> [x](javascript:alert(1))"\n---\n',
        }
    )
    assert invoke(root, "check").exit_code == 0
    page = (build(root) / "contacts/dana-ruiz/index.html").read_text(encoding="utf-8")
    body = page.split('id="page-title"')[1]
    assert "<strong>Email:</strong> dana@ruiz.example · <strong>Phone:</strong> <script>alert(1)</script>" in html.unescape(body)
    assert "<script>alert(1)" not in page and 'href="javascript' not in page and "mailto:dana" not in body
    shutil.rmtree(root.parent, ignore_errors=True)


def test_new_and_schema_know_a_contacts_email_and_phone() -> None:
    import json

    root = repo()
    assert invoke(root, "new", "contact", "Kenji Sato").exit_code == 0
    template = (root / "docs/contacts/kenji-sato.md").read_text(encoding="utf-8")
    assert "\n# email:" in template and "\n# phone:" in template
    contact = json.loads(invoke(root, "schema").stdout)["$defs"]["Contact"]["properties"]
    assert contact["email"]["anyOf"][0]["type"] == "string" and "phone" in contact
    shutil.rmtree(root.parent, ignore_errors=True)
