"""The attention list on the home page: what needs doing that no plan will do for you.

* **follow-up** — an ask pending 14 days or more (SPEC §5), with the follow-up script;
* **thank-you** — a connector whose introduction was answered in the last 90 days
  (``answered``, else the ask's date) and who is not ``thanked`` yet;
* **thank-after-meeting** — the connector who introduced a contact you met (``met``)
  in the last 90 days and have not thanked since;
* **no-path** — a contact the plan could ask for, but no connector can (or may) introduce;
* **stale** — a connector last spoken to more than 180 days ago.

Order: follow-ups, thank-yous, contacts with no path, stale connectors; inside
each, the oldest first, then by priority and id, so the list is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .book import Book
from .method import FOLLOW_UP_AFTER_DAYS, THANK_YOU_WINDOW_DAYS, needs_reconnect
from .model import PastAsk
from .paths import rank_paths
from .plan import planned_by_me, role_person

Kind = Literal["follow-up", "no-path", "thank-you", "thank-after-meeting", "stale"]
KIND_ORDER: dict[str, int] = {"follow-up": 0, "thank-you": 1, "thank-after-meeting": 2, "no-path": 3, "stale": 4}


@dataclass(frozen=True)
class AttentionItem:
    """One thing to do by hand: follow up, say thank you, find a path, or reconnect."""

    kind: Kind
    connector_id: str | None
    contact_id: str | None
    person: str  # the one person concerned ("Dana Ruiz", "your accountant"), or the connector
    days: int  # days pending, since the introduction, or since last contact; 0 for no-path
    ask: PastAsk | None = None
    note: str | None = None  # no-path: the paths there are, and why none may be used


def attention(book: Book) -> list[AttentionItem]:
    """Asks pending 14+ days, connectors owed thanks, targets with no path, stale contacts."""
    items = [*_ask_items(book), *_no_path_items(book), *_stale_items(book)]
    return sorted(items, key=lambda item: _sort_key(book, item))


def _ask_items(book: Book) -> list[AttentionItem]:
    items = []
    for connector in book.connectors.values():
        for ask in connector.data.asks:
            if book.made_by_colleague(connector.id, ask):
                continue  # a colleague's ask of a connector you share: theirs to follow up and thank for
            age = (book.today - ask.date).days
            if ask.result == "pending" and age >= FOLLOW_UP_AFTER_DAYS:
                items.append(AttentionItem("follow-up", connector.id, ask.contact, person_asked_for(book, ask, connector_name=connector.data.name), age, ask))
            elif ask.result == "introduced":
                person = person_asked_for(book, ask, connector_name=connector.data.name)
                since = (book.today - (ask.answered or ask.date)).days
                if ask.thanked is None and 0 <= since <= THANK_YOU_WINDOW_DAYS:
                    items.append(AttentionItem("thank-you", connector.id, ask.contact, person, since, ask))
                target = book.targets.get(ask.contact or "")
                met = target.data.met if target is not None else None
                if met is not None and 0 <= (book.today - met).days <= THANK_YOU_WINDOW_DAYS and (ask.thanked is None or ask.thanked < met):
                    items.append(AttentionItem("thank-after-meeting", connector.id, ask.contact, person, (book.today - met).days, ask))
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


def _stale_items(book: Book) -> list[AttentionItem]:
    items = []
    for connector in book.connectors.values():
        last = connector.data.last_contact
        if needs_reconnect(last, today=book.today):
            items.append(AttentionItem("stale", connector.id, None, connector.data.name, (book.today - last).days))
    return items


def _sort_key(book: Book, item: AttentionItem) -> tuple[int, int, int, str, str, str]:
    target = book.targets.get(item.contact_id or "")
    priority = target.data.priority if target is not None else 0
    when = item.ask.date.isoformat() if item.ask is not None else ""
    return (KIND_ORDER[item.kind], -item.days, priority, item.connector_id or "", item.contact_id or "", when)


def person_asked_for(book: Book, ask: PastAsk, *, connector_name: str) -> str:
    """The one person of a past ask, as the salesperson's pages name them."""
    if ask.contact is not None:
        target = book.targets.get(ask.contact)
        return target.data.name if target else "a colleague's contact"  # not yours: their name is not on your pages
    return role_person(connector_name, ask.role or "")

