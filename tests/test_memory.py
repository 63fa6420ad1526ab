"""What the generator reads is freed as soon as its pages are handed over, without the cyclic collector.

``site.make_site`` pauses the collector while it reads the playbook and makes the pages
(:mod:`playbook_gen.memory`). That is only cheap if nothing it made keeps a profile in a
reference cycle: such a cycle would keep the whole playbook alive until the next full
collection, which then walks it (in a plugin build, inside MkDocs' own build). These tests
find every object the collector would have to free after a build and name any that is
part of the playbook.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from playbook_gen.book import Book
from playbook_gen.memory import collection_paused
from playbook_gen.playbook import Playbook, Profile
from playbook_gen.site import make_site

from conftest import REPO

TODAY = date(2026, 11, 23)
PLAYBOOK_TYPES = (Profile, Book, Playbook)


@contextmanager
def cyclic_garbage() -> Iterator[list[object]]:
    """Everything made in the block that only the cyclic collector would free."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()  # no automatic collection may free a cycle before it is counted
    found: list[object] = []
    try:
        yield found
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def playbook_objects(objects: list[object]) -> list[str]:
    """The kinds of the playbook's own objects among ``objects``."""
    return sorted({type(o).__name__ for o in objects if isinstance(o, PLAYBOOK_TYPES)})


@pytest.mark.parametrize(("salesperson", "team"), [("maya-okafor", False), ("tom-becker", False), (None, True)])
def test_the_playbook_a_build_read_is_freed_without_the_collector(salesperson: str | None, team: bool) -> None:
    with cyclic_garbage() as garbage:
        site = make_site(REPO / "docs", root=REPO, salesperson=salesperson, team=team, today=TODAY, templates_dir=REPO / "templates")
        assert site.pages  # the site was made: the playbook was read, planned and rendered
        del site
    assert garbage, "a build makes some cyclic garbage (its template environments): the probe must see it"
    assert playbook_objects(garbage) == [], "a reference cycle keeps the playbook alive until a full collection"


def test_the_pause_leaves_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "a pause inside a pause does not end the outer one"
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled(), "a pause does not turn on a collector that was off"
    finally:
        gc.enable()
