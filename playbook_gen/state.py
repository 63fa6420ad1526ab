"""Where a contact really stands, from both sides of the record: their ``stage`` and the asks made for them.

The contact's file says a stage; the connectors' files say what was asked and
answered. The two can disagree (an ask recorded, the stage left behind), so
every part of the product (the plan, the pipeline, the attention list and
every page) reads the contact's state from :func:`contact_state` alone:

* a stage after ``introduced`` (the first conversation and on, won, lost, parked)
  is where the contact is, whatever the asks say;
* an ask answered ``introduced`` puts the contact at ``introduced`` at least;
* otherwise an open ask (pending, or checking with them first) puts them at ``asked``;
* otherwise, ``asked`` with every recorded ask ended (declined, no answer) is
  ``not-asked`` again: the plan may try another connector;
* ``asked`` with no ask recorded at all stays ``asked``: someone was asked who
  is not written down, and the plan waits until it is.

Asks a colleague made of their own connectors for a contact you share
(SPEC §10) count the same way: the contact is ``asked`` or ``introduced`` for
the whole team, and the pages name the colleague, never their customer.

Where the files disagree, the state carries one line naming both files, which
the contact page shows (``check`` warns about the same cases).
"""

from __future__ import annotations

from typing import Any

from .book import Book, ColleagueAsk, ContactState
from .method import is_open
from .model import STAGES, PastAsk
from .playbook import Profile

INTRODUCED = STAGES.index("introduced")


def contact_state(book: Book, contact_id: str) -> ContactState:
    """The one place that decides where a contact stands (see the module's rules)."""
    target = book.targets[contact_id]
    name = target.data.name
    written = target.data.stage
    asks: list[tuple[Profile[Any], PastAsk]] = []
    theirs = list(book.colleague_asks.get(contact_id, ()))
    for connector, ask in book.asks_for(contact_id):
        by = book.made_by_colleague(connector.id, ask)
        if by:  # a colleague's ask of a connector you share: theirs, as if made of their own connector
            theirs.append(ColleagueAsk(connector, ask, by))
        else:
            asks.append((connector, ask))
    open_asks = tuple(pair for pair in asks if is_open(pair[1]))
    introductions = tuple(pair for pair in asks if pair[1].result == "introduced")
    ended = tuple(pair for pair in asks if pair[1].result in ("declined", "no-answer"))
    colleague_open = tuple(c for c in theirs if is_open(c.ask))
    colleague_introductions = tuple(c for c in theirs if c.ask.result == "introduced")
    colleague_ended = [c for c in theirs if c.ask.result in ("declined", "no-answer")]

    def state(stage: str, disagreement: str | None = None) -> ContactState:
        return ContactState(stage, written, open_asks, introductions, ended, disagreement, colleague_open, colleague_introductions)

    here = f"{target.source.display_path}:{target.source.line_of(('stage',))}"
    if STAGES.index(written) > INTRODUCED:
        return state(written)

    def disagreeing(stage: str, mine: tuple, theirs: tuple, mine_say: str, theirs_say: str) -> ContactState:
        """The stage the asks show, and why the contact file's own ``stage`` is behind it."""
        if mine:
            connector, ask = mine[-1]
            source = f"{_where(connector, ask)} records {mine_say} {connector.data.name}"
        else:
            source = f"{_by(theirs[-1])}'s customer file records {theirs_say} {name}"
        return state(stage, f"{source}, but {here} still says stage {written}: run playbook-gen record stage {contact_id} {stage}")

    if introductions or colleague_introductions:
        if written == "introduced":
            return state("introduced")
        return disagreeing("introduced", introductions, colleague_introductions, "the introduction by", "the introduction of")
    if open_asks or colleague_open:
        if written != "not-asked":
            return state("asked")
        return disagreeing("asked", open_asks, colleague_open, "an open ask of", "an open ask for")
    if written != "asked":
        return state(written)
    if ended or colleague_ended:
        if ended:
            connector, ask = ended[-1]
            last = f"{_where(connector, ask)}: {ask.result}"
        else:
            last = f"the last by {_by(colleague_ended[-1])}"
        return state(
            "not-asked",
            f"{here} says stage asked, but every ask recorded for {name} has ended ({last}), "
            f"so the plan may ask another connector: run playbook-gen record stage {contact_id} not-asked",
        )
    return state(
        "asked",
        f"{here} says stage asked, but no customer file records an ask for {name}: "
        f"record it (playbook-gen record ask CONNECTOR --contact {contact_id}) or set the stage",
    )


def _by(colleague: ColleagueAsk) -> str:
    return " and ".join(colleague.by) or "a colleague"


def _where(connector: Profile[Any], ask: PastAsk) -> str:
    index = next(i for i, a in enumerate(connector.data.asks) if a is ask)
    return f"{connector.source.display_path}:{connector.source.line_of(('asks', index))}"
