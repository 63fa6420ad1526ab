"""Where a contact really stands, from both sides of the record: their ``stage`` and the asks made for them.

The contact's file says a stage; the connectors' files say what was asked and
answered. The two can disagree (an ask recorded, the stage left behind), so
every part of the product (the plan, the pipeline, the attention list and
every page) reads the contact's state from :func:`contact_state` alone:

* a stage after ``introduced`` (the first conversation and on, won, lost, parked)
  is where the contact is, whatever the asks say;
* an ask answered ``introduced`` puts the contact at ``introduced`` at least;
* otherwise a pending ask puts them at ``asked``;
* otherwise, ``asked`` with every recorded ask ended (declined, no answer) is
  ``not-asked`` again: the plan may try another connector;
* ``asked`` with no ask recorded at all stays ``asked``: someone was asked who
  is not written down, and the plan waits until it is.

Where the files disagree, the state carries one line naming both files, which
the contact page shows (``check`` warns about the same cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .book import Book
from .model import STAGES, PastAsk
from .playbook import Profile

INTRODUCED = STAGES.index("introduced")


@dataclass(frozen=True)
class ContactState:
    """One contact's effective stage, the asks behind it, and any disagreement between the files."""

    stage: str
    written: str
    pending: tuple[tuple[Profile[Any], PastAsk], ...]
    introductions: tuple[tuple[Profile[Any], PastAsk], ...]
    ended: tuple[tuple[Profile[Any], PastAsk], ...]
    disagreement: str | None = None

    @property
    def open_for_asking(self) -> bool:
        """May the plan ask for this contact (paths aside)? Only before any ask is pending or answered ``introduced``."""
        return self.stage == "not-asked"

    @property
    def introducer(self) -> Profile[Any] | None:
        """The connector of the latest introduction, if one is recorded."""
        if not self.introductions:
            return None
        return max(self.introductions, key=lambda pair: (pair[1].answered or pair[1].date, pair[0].id))[0]


def contact_state(book: Book, contact_id: str) -> ContactState:
    """The one place that decides where a contact stands (see the module's rules)."""
    target = book.targets[contact_id]
    written = target.data.stage
    asks = book.asks_for(contact_id)
    pending = tuple(pair for pair in asks if pair[1].result == "pending")
    introductions = tuple(pair for pair in asks if pair[1].result == "introduced")
    ended = tuple(pair for pair in asks if pair[1].result in ("declined", "no-answer"))
    here = f"{target.source.display_path}:{target.source.line_of(('stage',))}"
    if STAGES.index(written) > INTRODUCED:
        return ContactState(written, written, pending, introductions, ended)
    if introductions:
        connector, ask = introductions[-1]
        disagreement = None
        if written != "introduced":
            disagreement = (
                f"{_where(connector, ask)} records the introduction by {connector.data.name}, "
                f"but {here} still says stage {written}: run playbook-gen record stage {contact_id} introduced"
            )
        return ContactState("introduced", written, pending, introductions, ended, disagreement)
    if pending:
        connector, ask = pending[-1]
        disagreement = None
        if written == "not-asked":
            disagreement = (
                f"{_where(connector, ask)} records a pending ask of {connector.data.name}, "
                f"but {here} still says stage not-asked: run playbook-gen record stage {contact_id} asked"
            )
        return ContactState("asked", written, pending, introductions, ended, disagreement)
    if written == "asked":
        if ended:
            connector, ask = ended[-1]
            disagreement = (
                f"{here} says stage asked, but every ask recorded for {target.data.name} has ended "
                f"({_where(connector, ask)}: {ask.result}), so the plan may ask another connector: "
                f"run playbook-gen record stage {contact_id} not-asked"
            )
            return ContactState("not-asked", written, pending, introductions, ended, disagreement)
        disagreement = (
            f"{here} says stage asked, but no customer file records an ask for {target.data.name}: "
            f"record it (playbook-gen record ask CONNECTOR --contact {contact_id}) or set the stage"
        )
        return ContactState("asked", written, pending, introductions, ended, disagreement)
    return ContactState(written, written, pending, introductions, ended)


def _where(connector: Profile[Any], ask: PastAsk) -> str:
    index = next(i for i, a in enumerate(connector.data.asks) if a is ask)
    return f"{connector.source.display_path}:{connector.source.line_of(('asks', index))}"
