"""The cyclic garbage collector, paused while a playbook is read and its pages are made.

Reading a playbook and making its pages create hundreds of thousands of objects
(values, models, pages). With the collector running, each collection walks every
one of them again, so its cost grows with the playbook: at 5,000 contacts it was
a tenth of the generator. Paused over the whole of it (:func:`playbook_gen.site.make_site`),
the collector walks none of them. That holds only because the generator makes no
reference cycle that reaches a profile: the playbook and its book are freed by
reference counting as the pages are handed over, not left for a later collection
(``tests/test_memory.py`` keeps this true). Cyclic garbage made meanwhile (the
template environments) is collected once the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; as it was after it (a pause inside a pause changes nothing)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
