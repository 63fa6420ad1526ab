"""Reading the files people already have: LinkedIn's ``Connections.csv`` and CRM exports (vCards: :mod:`.vcard`).

Each reader turns a file into :class:`Row` objects holding the keys of a
profile that the source has (name, company, role, email, phone, linkedin), as
written, plus the row's number for messages. Rows are read one at a time from
the file, never the whole file at once. A file that is not of the kind named,
or cannot be read, is one :class:`SourceError` saying what is missing and where.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..identity import linkedin_url
from ..names import PersonName, clean_name
from .errors import SourceError
from .textfile import lines, open_text

__all__ = ["FIELDS", "MAX_CELL", "Row", "SourceError", "clean", "linkedin_url", "read_csv", "read_linkedin"]

FIELDS = ("name", "company", "role", "email", "phone", "linkedin")
MAX_CELL = 10_000
"""Characters in one cell; a longer one is no name, email or role (a broken quote, or not an export)."""
_EMPTY = {"", "[not provided]", "null", "none", "n/a", "na", "-", "--"}
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_TRUE = {"true", "1", "yes"}


@dataclass
class Row:
    """One person from a source file, with the row or card number it came from."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    skip: str | None = None  # why this row cannot become a profile
    person: PersonName | None = None  # the name's parts, for matching

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


def person(number: int, values: dict[str, str], *, skip: str | None = None) -> Row:
    """A row of these values: the name without titles and post-nominals, email and LinkedIn URL only when they are one."""
    row = Row(number, {k: v for k, v in values.items() if v}, skip=skip)
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
    if row.values.get("name"):
        row.person = clean_name(row.values["name"])
        row.values["name"] = row.person.name
    elif row.skip is None:
        row.skip = "no name (a deactivated account, or an empty row)"
    return row


# -- CSV -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How one product writes its CSV: the headers that say it is theirs, and where each key is."""

    product: str
    recognised_by: tuple[tuple[str, ...], ...]  # any one of these sets of headers, each wholly present
    columns: dict[str, tuple[str, ...]]  # our key -> candidate headers, first found wins
    first: tuple[str, ...] = ()  # given-name headers, when the name is split
    last: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    other_record: str | None = None  # a header (regex) opening the columns of an associated record, repeated for it
    deleted: str | None = None  # a column whose "true" marks a deleted record

    def recognises(self, names: set[str]) -> bool:
        return any(all(header.casefold() in names for header in headers) for headers in self.recognised_by)


LINKEDIN = (
    Layout(
        "LinkedIn",
        recognised_by=(("First Name", "Last Name", "Company", "Position"),),
        columns={"email": ("Email Address",), "company": ("Company",), "role": ("Position",), "linkedin": ("URL", "Profile URL")},
        first=("First Name",),
        last=("Last Name",),
    ),
    # Before 2017, LinkedIn's "Export connections" wrote an Outlook contacts CSV.
    Layout(
        "LinkedIn (Outlook CSV)",
        recognised_by=(("First Name", "Last Name", "E-mail Address", "Job Title"),),
        columns={"email": ("E-mail Address", "E-mail 2 Address"), "company": ("Company",), "role": ("Job Title",), "linkedin": ("Web Page",)},
        first=("First Name",),
        last=("Last Name",),
        middle=("Middle Name",),
    ),
)
_GOOGLE_WEBSITES = tuple(f"Website {n} - Value" for n in range(1, 6))
CRM = (
    # HubSpot's contact export: "Record ID" first; since 2023 "Record ID - Contact", and when the export
    # includes the associated company, its columns follow "Record ID - Company" with the same names again
    # ("Phone Number", "Create Date"): those are the company's, never the person's.
    Layout(
        "HubSpot",
        recognised_by=(("Record ID - Contact",), ("Record ID", "First Name"), ("Record ID", "Email")),
        columns={
            "email": ("Email",),
            "company": ("Company Name", "Associated Company", "Company"),
            "role": ("Job Title",),
            "phone": ("Phone Number", "Mobile Phone Number"),
            "linkedin": ("LinkedIn URL", "LinkedIn Bio", "Linkedin Url", "LinkedIn Profile URL"),
        },
        first=("First Name",),
        last=("Last Name",),
        other_record=r"^Record ID - (?!Contact$)",
    ),
    # Salesforce's Data Loader, Data Export (Contact.csv) and API exports: field API names, upper-cased by
    # some Data Loader versions; the account is an id (AccountId) unless the query asked for Account.Name.
    Layout(
        "Salesforce",
        recognised_by=(("Id", "FirstName", "LastName"), ("Id", "AccountId", "LastName")),
        columns={
            "email": ("Email",),
            "company": ("Account.Name", "AccountName", "Account_Name"),
            "role": ("Title",),
            "phone": ("Phone", "MobilePhone"),
        },
        first=("FirstName",),
        last=("LastName",),
        middle=("MiddleName",),
        deleted="IsDeleted",
    ),
    # Salesforce reports exported as CSV ("Details only"): the columns' labels.
    Layout(
        "Salesforce",
        recognised_by=(("Account Name",), ("Contact ID", "First Name", "Last Name"), ("Contact Owner", "First Name", "Last Name")),
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
    # Google Contacts: the current "Google CSV" (First Name, Labels, "E-mail 1 - Label") and the older one
    # (Name, Given Name, Group Membership, "E-mail 1 - Type", UTF-16); a column is written only when a contact uses it.
    Layout(
        "Google Contacts",
        recognised_by=(("E-mail 1 - Value",), ("Phone 1 - Value",), ("Group Membership",), ("Given Name", "Family Name"), ("File As", "Labels")),
        columns={
            "name": ("Name",),
            "email": ("E-mail 1 - Value", "E-mail 2 - Value"),
            "company": ("Organization Name", "Organization 1 - Name"),
            "role": ("Organization Title", "Organization 1 - Title"),
            "phone": ("Phone 1 - Value", "Phone 2 - Value"),
            "linkedin": _GOOGLE_WEBSITES,
        },
        first=("First Name", "Given Name"),
        last=("Last Name", "Family Name"),
        middle=("Middle Name", "Additional Name"),
    ),
)
_ACCEPTS = {"email": lambda value: email_or_none(value) is not None, "linkedin": lambda value: linkedin_url(value) is not None}


def _records(text: TextIO, *, counter: list[int]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each CSV record; a broken quote or an oversize cell is a SourceError on its line."""
    try:
        sample = text.read(4096)
    except UnicodeDecodeError:
        sample = ""  # the reading below says on which line
    text.seek(0)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Only the separator is guessed (Excel in Europe writes ";"): quoting is always Excel's, so a quote
    # doubled inside a cell further down reads right, and a broken one is an error.
    reader = csv.reader(lines(text, counter=counter), csv.excel, delimiter=delimiter, strict=True)
    while True:
        start = counter[0] + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(_csv_problem(str(exc)), line=start) from None
        longest = max((len(cell) for cell in cells), default=0)
        if longest > MAX_CELL:
            raise SourceError(f"a cell of {longest:,} characters (more than {MAX_CELL:,}): a broken quote, or not a contacts export", line=start)
        yield start, cells


def _csv_problem(message: str) -> str:
    if "field larger than field limit" in message:
        return f"a cell of more than {MAX_CELL:,} characters: a broken quote, or not a contacts export"
    if "unexpected end of data" in message:
        return "a quote opened in this row is never closed (a broken quote)"
    if "expected after" in message:
        return f"a broken quote: {message} (a quoted cell must end at its separator)"
    return f"not readable as CSV: {message}"


@dataclass(frozen=True)
class _Columns:
    """Where each key is in this file's header, worked out once per file."""

    keys: dict[str, list[int]]
    first: list[int]
    middle: list[int]
    last: list[int]
    deleted: int | None

    @classmethod
    def of(cls, layout: Layout, header: list[str]) -> _Columns:
        folded = [title.casefold() for title in header]
        split = len(header)
        if layout.other_record is not None:
            pattern = re.compile(layout.other_record, re.IGNORECASE)
            split = next((index for index, title in enumerate(header) if pattern.match(title)), len(header))

        def where(names: tuple[str, ...], *, anywhere: bool = False) -> list[int]:
            found = []
            for name in names:
                indexes = [i for i, title in enumerate(folded) if title == name.casefold()]
                own = [i for i in indexes if i < split]
                # The person's own column first (only its first copy); the associated record's after, for the company only.
                found += own[:1] + ([i for i in indexes if i >= split][:1] if anywhere else [])
            return found

        keys = {key: where(names, anywhere=key == "company") for key, names in layout.columns.items()}
        deleted = where((layout.deleted,)) if layout.deleted else []
        return cls(keys, where(layout.first), where(layout.middle), where(layout.last), deleted[0] if deleted else None)

    def values(self, cells: list[str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, indexes in self.keys.items():
            accepts = _ACCEPTS.get(key, bool)
            values[key] = next((value for i in indexes if i < len(cells) and (value := clean(cells[i])) and accepts(value)), "")
        if not values.get("name"):
            parts = [self._first(cells, indexes) for indexes in (self.first, self.middle, self.last)]
            values["name"] = " ".join(part for part in parts if part)
        return values

    def is_deleted(self, cells: list[str]) -> bool:
        return self.deleted is not None and self.deleted < len(cells) and cells[self.deleted].strip().casefold() in _TRUE

    @staticmethod
    def _first(cells: list[str], indexes: list[int]) -> str:
        return next((value for i in indexes if i < len(cells) and (value := clean(cells[i]))), "")


def _people(layout: Layout, header: list[str], records: Iterator[tuple[int, list[str]]], *, header_row: int) -> Iterator[Row]:
    """One row per record after the header; rows are numbered as a spreadsheet shows them (the header's row is ``header_row``)."""
    columns = _Columns.of(layout, header)
    for number, (_, cells) in enumerate(records, start=header_row + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) == 1 and len(header) > 2:
            continue  # a line of notes, not a row of the table (Salesforce ends its reports with a few)
        skip = f"deleted in {layout.product} ({layout.deleted} is true)" if columns.is_deleted(cells) else None
        yield person(number, columns.values(cells), skip=skip)


def _header(records: Iterator[tuple[int, list[str]]], *, has: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """(row number, header); with ``has``, the first of the first 20 records holding those headers (LinkedIn writes notes above it)."""
    wanted = [h.casefold() for h in has]
    first: tuple[int, list[str]] | None = None
    for number, (_, cells) in enumerate(records, start=1):
        header = [cell.strip().lstrip("\ufeff") for cell in cells]
        if first is None:
            first = (number, header)
        folded = [cell.casefold() for cell in header]
        if not wanted or all(w in folded for w in wanted):
            return number, header
        if number >= 20:
            break
    return first or (1, [])


def read_linkedin(path: Path) -> Iterator[Row]:
    """LinkedIn's ``Connections.csv``, every variant: notes before the header, with or without URL and email, or Outlook's CSV."""
    counter = [0]
    with open_text(path) as text:
        records = _records(text, counter=counter)
        number, header = _header(records, has=("First Name", "Last Name"))
        names = {h.casefold() for h in header}
        layout = next((layout for layout in LINKEDIN if layout.recognises(names)), None)
        if layout is None:
            missing = [h for h in LINKEDIN[0].recognised_by[0] if h.casefold() not in names]
            raise SourceError(f"not a LinkedIn Connections.csv: no {', '.join(repr(m) for m in missing)} column in the header")
        yield from _people(layout, header, records, header_row=number)


def _mapped_layout(header: list[str], mapping: dict[str, str]) -> Layout:
    names = {h.casefold() for h in header}
    keys = (*FIELDS, "first_name", "last_name")
    unknown = [key for key in mapping if key not in keys]
    if unknown:
        raise SourceError(f"--map {unknown[0]}=…: the keys are {', '.join(keys)}")
    absent = [column for column in mapping.values() if column.casefold() not in names]
    if absent:
        raise SourceError(f"--map names the column {absent[0]!r}, which the header does not have (it has: {', '.join(header)})")
    layout = Layout(
        "CSV",
        recognised_by=(),
        columns={key: (column,) for key, column in mapping.items() if key in FIELDS},
        first=(mapping["first_name"],) if "first_name" in mapping else (),
        last=(mapping["last_name"],) if "last_name" in mapping else (),
    )
    if "name" not in mapping and not layout.first:
        raise SourceError("--map needs name=COLUMN (or first_name= and last_name=)")
    return layout


def recognise(header: list[str]) -> Layout | None:
    """The CRM whose export has this header, or None."""
    names = {h.casefold() for h in header}
    return next((layout for layout in CRM if layout.recognises(names)), None)


def read_csv(path: Path, *, mapping: dict[str, str]) -> Iterator[Row]:
    """A CRM export recognised by its headers, or any CSV with ``--map KEY=COLUMN``."""
    counter = [0]
    with open_text(path) as text:
        records = _records(text, counter=counter)
        number, header = _header(records)
        layout = _mapped_layout(header, mapping) if mapping else recognise(header)
        if layout is None:
            raise SourceError(
                "not a HubSpot, Salesforce or Google Contacts export (no 'Record ID', 'Account Name', 'Id' and 'LastName', or 'E-mail 1 - Value' column); "
                "for another CSV, say which column holds what with --map name=COLUMN --map email=COLUMN …"
            )
        yield from _people(layout, header, records, header_row=number)
