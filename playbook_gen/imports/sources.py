"""Reading the files people already have: LinkedIn's ``Connections.csv``, CRM exports, vCards.

Each reader turns a file into :class:`Row` objects holding the keys of a
profile that the source has (name, company, role, email, phone, linkedin), as
written, plus the row's number for messages. A file that is not of the kind
named is one :class:`SourceError` saying what is missing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

FIELDS = ("name", "company", "role", "email", "phone", "linkedin")
_EMPTY = {"", "[not provided]", "null", "none", "n/a", "na", "-", "--"}
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


class SourceError(Exception):
    """The file is not what the command was told it is; the message says what is missing."""


@dataclass
class Row:
    """One person from a source file, with the line or card number it came from."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    skip: str | None = None  # why this row cannot become a profile

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def clean(value: str | None) -> str:
    """A cell as text: control characters out, white space folded, placeholders empty."""
    if value is None:
        return ""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(value))
    text = " ".join(text.split())
    return "" if text.casefold() in _EMPTY else text


def email_or_none(value: str) -> str | None:
    """An email address, or None for what only sits in the email column (``N/A``, a name, two addresses)."""
    first = value.split(":::")[0].strip()  # Google joins several addresses with " ::: "
    return first if _EMAIL.match(first) else None


def linkedin_url(value: str | None) -> str | None:
    """A LinkedIn profile URL in one form, so two spellings of one profile compare equal.

    ``http://linkedin.com/in/Dana-Ruiz/?trk=x`` and ``https://www.linkedin.com/in/dana-ruiz``
    are the same: https, www, lower case, no query, no trailing slash.
    """
    if not value:
        return None
    match = re.search(r"linkedin\.com/(in|pub)/([^/?#\s]+)", value, re.IGNORECASE)
    if match is None:
        return None
    return f"https://www.linkedin.com/{match.group(1).lower()}/{match.group(2).lower()}"


def _person(number: int, values: dict[str, str]) -> Row:
    row = Row(number, {k: v for k, v in values.items() if v})
    if "email" in row.values:
        email = email_or_none(row.values["email"])
        if email is None:
            del row.values["email"]
        else:
            row.values["email"] = email
    if "linkedin" in row.values:
        url = linkedin_url(row.values["linkedin"])
        if url is None:
            del row.values["linkedin"]
        else:
            row.values["linkedin"] = url
    if not row.values.get("name"):
        row.skip = "no name (a deactivated account, or an empty row)"
    return row


# -- CSV -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How one product writes its CSV: the headers that say it is theirs, and where each key is."""

    product: str
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]  # our key -> candidate headers, first found wins
    first: tuple[str, ...] = ()  # given-name headers, when the name is split
    last: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()


LINKEDIN = (
    Layout(
        "LinkedIn",
        required=("First Name", "Last Name", "Company", "Position"),
        columns={"email": ("Email Address",), "company": ("Company",), "role": ("Position",), "linkedin": ("URL", "Profile URL")},
        first=("First Name",),
        last=("Last Name",),
    ),
    # Before 2017, LinkedIn's "Export connections" wrote an Outlook contacts CSV.
    Layout(
        "LinkedIn (Outlook CSV)",
        required=("First Name", "Last Name", "E-mail Address", "Job Title"),
        columns={"email": ("E-mail Address", "E-mail 2 Address"), "company": ("Company",), "role": ("Job Title",), "linkedin": ("Web Page",)},
        first=("First Name",),
        last=("Last Name",),
        middle=("Middle Name",),
    ),
)
CRM = (
    Layout(
        "HubSpot",
        required=("Record ID",),
        columns={
            "email": ("Email",),
            "company": ("Company Name", "Associated Company", "Company"),
            "role": ("Job Title",),
            "phone": ("Phone Number", "Mobile Phone Number"),
            "linkedin": ("LinkedIn URL", "LinkedIn Bio", "Linkedin Url"),
        },
        first=("First Name",),
        last=("Last Name",),
    ),
    Layout(
        "Salesforce",
        required=("Account Name",),
        columns={
            "email": ("Email",),
            "company": ("Account Name",),
            "role": ("Title",),
            "phone": ("Phone", "Mobile", "Mobile Phone", "Business Phone"),
            "linkedin": ("LinkedIn", "LinkedIn Profile"),
        },
        first=("First Name",),
        last=("Last Name",),
        middle=("Middle Name",),
    ),
    Layout(
        "Google Contacts",
        required=("E-mail 1 - Value",),
        columns={
            "name": ("Name",),
            "email": ("E-mail 1 - Value",),
            "company": ("Organization Name", "Organization 1 - Name"),
            "role": ("Organization Title", "Organization 1 - Title"),
            "phone": ("Phone 1 - Value",),
            "linkedin": ("Website 1 - Value",),
        },
        first=("First Name", "Given Name"),
        last=("Last Name", "Family Name"),
        middle=("Middle Name", "Additional Name"),
    ),
)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")  # Google's older export (and Outlook's) is UTF-16 with a BOM
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel on Windows saves CSV in its code page


def _table(text: str, *, header_has: Iterable[str] = ()) -> tuple[int, list[str], list[list[str]]]:
    """(row number of the header, header, rows): notes above the header (LinkedIn writes some) are skipped."""
    wanted = [h.casefold() for h in header_has]
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    start = 0
    if wanted:
        for index, row in enumerate(rows[:20]):
            cells = [cell.strip().casefold() for cell in row]
            if all(w in cells for w in wanted):
                start = index
                break
    header = [cell.strip().lstrip("\ufeff") for cell in rows[start]] if rows else []
    # Rows are numbered as a spreadsheet shows them: the header's row is start + 1, a cell's line breaks stay in its row.
    return start + 1, header, rows[start + 1 :]


def _cell(row: list[str], header: list[str], names: tuple[str, ...]) -> str:
    """The first non-empty cell under any of these headers, repeated columns included."""
    for name in names:
        for index, title in enumerate(header):
            if title.casefold() == name.casefold() and index < len(row):
                value = clean(row[index])
                if value:
                    return value
    return ""


def _rows_with(layout: Layout, header: list[str], rows: list[list[str]], *, first_line: int) -> list[Row]:
    people = []
    for offset, cells in enumerate(rows, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) == 1 and len(header) > 2:
            continue  # a line of notes, not a row of the table (Salesforce ends its reports with a few)
        values = {key: _cell(cells, header, names) for key, names in layout.columns.items()}
        if not values.get("name"):
            parts = [_cell(cells, header, names) for names in (layout.first, layout.middle, layout.last) if names]
            values["name"] = " ".join(p for p in parts if p)
        people.append(_person(first_line + offset, values))
    return people


def read_linkedin(raw: bytes) -> list[Row]:
    """LinkedIn's ``Connections.csv``, every variant: notes before the header, with or without URL and email, or Outlook's CSV."""
    text = _decode(raw)
    line, header, rows = _table(text, header_has=("First Name", "Last Name"))
    names = {h.casefold() for h in header}
    for layout in LINKEDIN:
        if all(required.casefold() in names for required in layout.required):
            return _rows_with(layout, header, rows, first_line=line)
    missing = [h for h in LINKEDIN[0].required if h.casefold() not in names]
    raise SourceError(f"not a LinkedIn Connections.csv: no {', '.join(repr(m) for m in missing)} column in the header")


def read_csv(raw: bytes, *, mapping: dict[str, str]) -> tuple[str, list[Row]]:
    """A CRM export recognised by its headers, or any CSV with ``--map KEY=COLUMN``; returns (product, rows)."""
    text = _decode(raw)
    line, header, rows = _table(text)
    names = {h.casefold() for h in header}
    if mapping:
        unknown = [key for key in mapping if key not in (*FIELDS, "first_name", "last_name")]
        if unknown:
            raise SourceError(f"--map {unknown[0]}=…: the keys are {', '.join((*FIELDS, 'first_name', 'last_name'))}")
        absent = [column for column in mapping.values() if column.casefold() not in names]
        if absent:
            raise SourceError(f"--map names the column {absent[0]!r}, which the header does not have (it has: {', '.join(header)})")
        layout = Layout(
            "CSV",
            required=(),
            columns={key: (column,) for key, column in mapping.items() if key in FIELDS},
            first=(mapping["first_name"],) if "first_name" in mapping else (),
            last=(mapping["last_name"],) if "last_name" in mapping else (),
        )
        if "name" not in mapping and not layout.first:
            raise SourceError("--map needs name=COLUMN (or first_name= and last_name=)")
        return "CSV", _rows_with(layout, header, rows, first_line=line)
    for layout in CRM:
        if all(required.casefold() in names for required in layout.required):
            return layout.product, _rows_with(layout, header, rows, first_line=line)
    raise SourceError(
        "not a HubSpot, Salesforce or Google Contacts export (no 'Record ID', 'Account Name' or 'E-mail 1 - Value' column); "
        "for another CSV, say which column holds what with --map name=COLUMN --map email=COLUMN …"
    )


# -- vCard ---------------------------------------------------------------------------


def read_vcard(raw: bytes) -> list[Row]:
    """vCard 3.0 and 4.0 files, one card or many (read with vobject)."""
    import vobject

    text = _decode(raw)
    if "BEGIN:VCARD" not in text.upper():
        raise SourceError("not a vCard file: no 'BEGIN:VCARD' line")
    people = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises its own ParseError and plain ValueErrors
        raise SourceError(f"the vCard cannot be read: {exc}") from None
    for number, card in enumerate(cards, start=1):
        people.append(_person(number, _card_values(card)))
    return people


def _card_values(card: object) -> dict[str, str]:
    contents: dict[str, list[object]] = getattr(card, "contents", {})

    def first(key: str) -> object | None:
        lines = contents.get(key) or []
        return lines[0] if lines else None

    values: dict[str, str] = {}
    fn = first("fn")
    if fn is not None:
        values["name"] = clean(str(getattr(fn, "value", "")))
    n = first("n")
    if not values.get("name") and n is not None:
        name = getattr(n, "value", None)
        parts = [getattr(name, part, "") for part in ("prefix", "given", "additional", "family", "suffix")]
        values["name"] = clean(" ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p))
    org = first("org")
    if org is not None:
        value = getattr(org, "value", "")
        values["company"] = clean(value[0] if isinstance(value, list) and value else str(value))
    title = first("title")
    if title is not None:
        values["role"] = clean(str(getattr(title, "value", "")))
    email = first("email")
    if email is not None:
        values["email"] = clean(str(getattr(email, "value", "")))
    tel = first("tel")
    if tel is not None:
        values["phone"] = clean(re.sub(r"^tel:", "", str(getattr(tel, "value", "")), flags=re.IGNORECASE))
    for key in ("url", "x-socialprofile"):
        for line in contents.get(key) or []:
            url = linkedin_url(str(getattr(line, "value", "")))
            if url is not None:
                values["linkedin"] = url
                break
    return values
