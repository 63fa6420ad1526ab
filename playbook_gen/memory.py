"""The cyclic garbage collector, paused while a playbook is read or its pages are made.

Reading a playbook and making its pages create hundreds of thousands of objects
that live on (values, models, pages). Each full collection meanwhile walks every
one of them again, so the collector's cost grows with the playbook: at 5,000
contacts it was a third of the time spent reading. Nothing made meanwhile depends
on being collected early.

When the pause ends, what was made during it is handed to the collector's oldest
generation at once (:func:`gc.freeze` then :func:`gc.unfreeze`, which move lists,
not objects), rather than walked by a young collection and again by a middle one
on its way there: those two walks were a tenth of the generator's time at 5,000
contacts. Cyclic garbage made meanwhile is collected by the next full collection,
which MkDocs' own work triggers within the same build. A process that keeps objects
frozen on purpose (a ``build --all`` worker, :mod:`playbook_gen.jobs`) is left as it is.
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
        if gc.get_freeze_count() == 0:  # nothing frozen on purpose, which unfreezing would release
            gc.freeze()
            gc.unfreeze()
        gc.enable()
