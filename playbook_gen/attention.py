"""The attention list on the home page: what needs doing that no plan will do for you (SPEC §5).

* **follow-up** — an open ask 14 days or more without an answer (a ``checking``
  ask counts from the answer that said so), with the follow-up script;
* **thank-you**, **thank-after-meeting**, **thank-at-outcome** — the three
  thank-yous of an introduction (SPEC §1.7), each reminded for 90 days from its
  own start (the introduction's ``answered``, the contact's ``met``, the
  contact's ``closed``) until it is recorded;
* **keep-in-touch** — a connector whose ``last_contact`` is older than their
  keep-in-touch rhythm (``keep_in_touch_days``, else by relationship), long
  overdue past twice the rhythm;
* **stale** — a connector last spoken to more than 180 days ago: the plan asks
  them nothing until you reconnect (this replaces their keep-in-touch line);
* **no-path** — a contact the plan could ask for, but no connector can (or may) introduce.

Order: follow-ups, thank-yous, keep-in-touch, stale connectors, contacts with
no path; inside each, the oldest first, then by priority and id, so the list is
deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .book import Book
from .method import (
    FOLLOW_UP_AFTER_DAYS,
    LONG_OVERDUE_FACTOR,
    THANK_YOU_WINDOW_DAYS,
    THANK_YOUS,
    ThankYou,
    follow_up_from,
    is_open,
    keep_in_touch_days,
    needs_reconnect,
    next_touch,
    thank_you_start,
    thanked_on,
)
from .model import PastAsk
from .paths import rank_paths
from .plan import person_asked_for, planned_by_me

Kind = Literal["follow-up", "thank-you", "thank-after-meeting", "thank-at-outcome", "keep-in-touch", "stale", "no-path"]
THANK_KINDS: dict[str, Kind] = {"introduction": "thank-you", "meeting": "thank-after-meeting", "outcome": "thank-at-outcome"}
"""The attention kind of each thank-you, by its occasion."""
KIND_ORDER: dict[str, int] = {
    "follow-up": 0,
    "thank-you": 1,
    "thank-after-meeting": 2,
    "thank-at-outcome": 3,
    "keep-in-touch": 4,
    "stale": 5,
    "no-path": 6,
}


@dataclass(frozen=True)
class AttentionItem:
    """One thing to do by hand: follow up, say thank you, keep in touch, reconnect, or find a path."""

    kind: Kind
    connector_id: str | None
    contact_id: str | None
    person: str  # the one person concerned ("Dana Ruiz", "your accountant"), or the connector
    days: int  # days open, since the thank-you's event, or since last contact; 0 for no-path
    ask: PastAsk | None = None
    note: str | None = None  # no-path: the paths there are, and why none may be used
    thanks: ThankYou | None = None  # the thank-you owed
    since: date | None = None  # the day the days count from: the event thanked for, the last contact
    rhythm: int | None = None  # keep-in-touch: the connector's rhythm in days
    long_overdue: bool = False  # keep-in-touch: past twice the rhythm


def attention(book: Book) -> list[AttentionItem]:
    """Open asks due a follow-up, thank-yous owed, keep-in-touch due, stale connectors, targets with no path."""
    items = [*_ask_items(book), *_touch_items(book), *_no_path_items(book)]
    return sorted(items, key=lambda item: _sort_key(book, item))


def _ask_items(book: Book) -> list[AttentionItem]:
    items = []
    for connector in book.connectors.values():
        for ask in connector.data.asks:
            if book.made_by_colleague(connector.id, ask):
                continue  # a colleague's ask of a connector you share: theirs to follow up and thank for
            person = person_asked_for(book, ask, connector_name=connector.data.name)
            if is_open(ask):
                since = follow_up_from(ask, connector.data)
                age = (book.today - since).days
                if age >= FOLLOW_UP_AFTER_DAYS:
                    items.append(AttentionItem("follow-up", connector.id, ask.contact, person, age, ask, since=since))
                continue
            target = book.targets.get(ask.contact or "")
            for thanks in THANK_YOUS:
                start = thank_you_start(thanks, ask, target.data if target is not None else None)
                if start is None or thanked_on(thanks, ask) is not None:
                    continue
                days = (book.today - start).days
                if 0 <= days <= THANK_YOU_WINDOW_DAYS:
                    items.append(AttentionItem(THANK_KINDS[thanks.occasion], connector.id, ask.contact, person, days, ask, thanks=thanks, since=start))
    return items


def _touch_items(book: Book) -> list[AttentionItem]:
    """Each connector at most once: a reconnect past 180 days, else a keep-in-touch past their rhythm."""
    items = []
    for connector in book.connectors.values():
        last = connector.data.last_contact
        due = next_touch(connector.data)
        if last is None or due is None:
            continue
        days = (book.today - last).days
        if needs_reconnect(last, today=book.today):
            items.append(AttentionItem("stale", connector.id, None, connector.data.name, days, since=last))
        elif book.today > due:
            rhythm = keep_in_touch_days(connector.data)
            items.append(
                AttentionItem(
                    "keep-in-touch",
                    connector.id,
                    None,
                    connector.data.name,
                    days,
                    since=last,
                    rhythm=rhythm,
                    long_overdue=days > LONG_OVERDUE_FACTOR * rhythm,
                )
            )
    return items


def _no_path_items(book: Book) -> list[AttentionItem]:
    items = []
    for target in book.targets.values():
        if not planned_by_me(book, target.id):
            continue  # asked or further on, or a shared contact a colleague pursues
        paths = rank_paths(book, target.id)
        if any(path.usable for path in paths):
            continue
        note = "; ".join(f"{path.connector.data.name}: {path.blocked}" for path in paths) or None
        items.append(AttentionItem("no-path", None, target.id, target.data.name, 0, note=note))
    return items


def _sort_key(book: Book, item: AttentionItem) -> tuple[int, int, int, str, str, str]:
    target = book.targets.get(item.contact_id or "")
    priority = target.data.priority if target is not None else 0
    when = item.ask.date.isoformat() if item.ask is not None else ""
    return (KIND_ORDER[item.kind], -item.days, priority, item.connector_id or "", item.contact_id or "", when)
