"""Golden files: the Markdown and exports generated for the example playbook, reviewed in the diff.

Run ``python3 -m pytest tests/test_golden.py --update-goldens`` after a deliberate
change to the pages, and read the diff of ``tests/golden/`` before committing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from playbook_gen.books import load_book
from playbook_gen.generated import GeneratedSite
from playbook_gen.site import generate_for_docs

from conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 23)
PAGES = (
    "index.md",
    "asks.md",
    "customers/index.md",
    "contacts/index.md",
    "customers/greta-hansen.md",
    "customers/daniel-hughes.md",
    "contacts/samuel-okoro.md",
    "contacts/nadia-haddad.md",
)
FILES = ("asks.csv", "asks.ics")


def _example(salesperson: str) -> GeneratedSite:
    docs = REPO / "docs"
    playbook, book = load_book(docs, salesperson=salesperson, today=TODAY, root=REPO)
    return generate_for_docs(playbook, book, docs_dir=docs, templates_dir=REPO / "templates")


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes]:
    site = _example("maya-okafor")
    outputs = {page.src_uri: page.markdown.encode("utf-8") for page in site.pages}
    outputs.update(site.files)
    return outputs


@pytest.mark.parametrize("name", PAGES + FILES)
def test_example_output_matches_its_golden_file(name: str, generated: dict[str, bytes], update_goldens: bool) -> None:
    golden = GOLDEN / "maya-okafor" / name
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(generated[name])
    assert golden.is_file(), f"no golden file {golden}: run with --update-goldens and review it"
    # Bytes, not text: the calendar's CRLF line ends are part of the format.
    assert generated[name] == golden.read_bytes()
