"""The attention list on the home page: what needs doing that no plan will do for you."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .book import Book
from .method import FOLLOW_UP_AFTER_DAYS, STALE_CONTACT_DAYS, THANK_YOU_WINDOW_DAYS
from .model import PastAsk
from .paths import rank_paths

Kind = Literal["follow-up", "no-path", "thank-you", "stale"]


@dataclass(frozen=True)
class AttentionItem:
    kind: Kind
    connector_id: str | None
    contact_id: str | None
    person: str  # the one person concerned ("Dana Ruiz", "your accountant"), or the connector
    days: int
    ask: PastAsk | None = None


def attention(book: Book) -> list[AttentionItem]:
    """Asks pending 14+ days, targets with no path, connectors owed thanks, stale contacts."""
    items: list[AttentionItem] = []
    today = book.today
    for connector in book.connectors.values():
        for ask in connector.data.asks:
            age = (today - ask.date).days
            person = _person(book, ask)
            if ask.result == "pending" and age >= FOLLOW_UP_AFTER_DAYS:
                items.append(AttentionItem("follow-up", connector.id, ask.contact, person, age, ask))
            if ask.result == "introduced" and 0 <= age <= THANK_YOU_WINDOW_DAYS:
                items.append(AttentionItem("thank-you", connector.id, ask.contact, person, age, ask))
        last = connector.data.last_contact
        if last is not None and (today - last).days > STALE_CONTACT_DAYS:
            items.append(AttentionItem("stale", connector.id, None, connector.data.name, (today - last).days))
    for target in book.targets.values():
        if target.data.stage == "not-asked" and not any(p.usable for p in rank_paths(book, target.id)):
            items.append(AttentionItem("no-path", None, target.id, target.data.name, 0))
    order = {"follow-up": 0, "thank-you": 1, "no-path": 2, "stale": 3}
    return sorted(items, key=lambda i: (order[i.kind], -i.days, i.connector_id or "", i.contact_id or ""))


def _person(book: Book, ask: PastAsk) -> str:
    if ask.contact is not None:
        target = book.targets.get(ask.contact)
        return target.data.name if target else ask.contact
    return f"your {ask.role}"


def asked_on(item: AttentionItem) -> date | None:
    return item.ask.date if item.ask else None
