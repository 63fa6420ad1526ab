"""The ask plan as a calendar (``asks.ics``) and a table (``asks.csv``), as SPEC §5 describes them.

Both are byte-identical for the same inputs and the same "today": the
calendar's DTSTAMP is today at midnight UTC and each UID is made from the ask.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, time, timedelta, timezone

from icalendar import Calendar, Event

from .asks import PlannedAsk
from .book import Book

CSV_HEADER = ("week", "connector", "contact", "role", "form")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these runs as a formula in a spreadsheet (OWASP: CSV injection)."""


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe (OWASP)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def asks_csv(asks: list[PlannedAsk]) -> str:
    """``week,connector,contact,role,form``: one row per ask, exactly one of contact/role.

    Ids and dates cannot start a formula; the role is profile text, so it goes through :func:`csv_cell`.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for ask in asks:
        writer.writerow((ask.week.isoformat(), ask.connector.id, ask.contact.id if ask.contact else "", csv_cell(ask.role or ""), ask.form))
    return out.getvalue()


def summary(ask: PlannedAsk) -> str:
    """``Ask Priya Raman to introduce Dana Ruiz`` (or ``… their accountant``): the connector and the one person."""
    person = ask.contact.data.name if ask.contact is not None else f"their {ask.role}"
    return f"Ask {ask.connector.data.name} to introduce {person}"


def _sentence_end(text: str) -> str:
    """Text that ends a sentence once: "Jo Doe" → "Jo Doe.", "Jo Doe, Esq." → "Jo Doe, Esq." (never "Esq..")."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def description(ask: PlannedAsk, *, page_url: Callable[[str], str] | None = None) -> str:
    """What the event says: the one person, why, and where the script is (its full address when the site has one)."""
    lines = [_sentence_end(f"One ask, one person: {ask.person}")]
    if ask.contact is not None and ask.contact.data.why:
        lines.append(f"Why: {ask.contact.data.why}")
    if ask.reference is not None:
        lines.append(f"The story: your recent project for {ask.reference.data.name}.")
    page = f"customers/{ask.connector.id}.md"
    lines.append(f"Script: {page_url(page) if page_url is not None else page.removesuffix('.md') + '/'}")
    return "\n".join(lines)


def asks_ics(book: Book, asks: list[PlannedAsk], *, page_url: Callable[[str], str] | None = None) -> bytes:
    """One all-day event per ask on the Monday of its week; DTSTAMP is "today", UIDs come from the ask.

    ``page_url``: a page's full address (``site_url`` and the page), so the event links to its script.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//playbook-gen//referral asks//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Referral asks \u2014 {book.me.name}")
    stamp = datetime.combine(book.today, time(0, 0), tzinfo=timezone.utc)
    for ask in asks:
        event = Event()
        event.add("uid", f"{ask.key}@{book.salesperson.id}.playbook-gen")
        event.add("dtstamp", stamp)
        event.add("dtstart", ask.week)
        event.add("dtend", ask.week + timedelta(days=1))
        event.add("summary", summary(ask))
        event.add("description", description(ask, page_url=page_url))
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        calendar.add_component(event)
    return calendar.to_ical()
