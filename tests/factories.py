"""Books for tests, made directly from the models (no files), and small real sites built by MkDocs."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from playbook_gen.book import Book
from playbook_gen.books import with_states
from playbook_gen.model import Contact, Customer, Salesperson
from playbook_gen.playbook import Edge, Profile, Source
from playbook_gen.profiles import FrontMatter

from conftest import MKDOCS_YML

TODAY_OPTION = 'today: "2026-11-23"'  # as conftest.MKDOCS_YML writes it

M = TypeVar("M", bound=BaseModel)

TODAY = date(2026, 11, 23)  # a Monday
WEDNESDAY = date(2026, 11, 25)


def profile(kind: str, profile_id: str, data: M) -> Profile[M]:
    """A validated profile as if read from ``docs/<kind>/<id>.md``."""
    relative = f"{kind}/{profile_id}.md"
    source = Source(path=Path("/playbook/docs", relative), display_path=f"docs/{relative}", src_uri=relative, front_matter=FrontMatter(data={}, body=""))
    return Profile(id=profile_id, data=data, source=source)


def _name(profile_id: str) -> str:
    return " ".join(part.capitalize() for part in profile_id.split("-"))


def salesperson(profile_id: str = "maya-okafor", **fields: Any) -> Profile[Salesperson]:
    """A salesperson; ``fields`` are front matter keys (validated by the model)."""
    data = {"name": _name(profile_id), "offer": "plan the handover", **fields}
    return profile("salespeople", profile_id, Salesperson.model_validate(data))


def connector(profile_id: str, **fields: Any) -> Profile[Customer]:
    """A customer; ``fields`` are front matter keys, e.g. ``asks=[{"contact": "x", "date": "2026-11-02"}]``."""
    return profile("customers", profile_id, Customer.model_validate({"name": _name(profile_id), **fields}))


def target(profile_id: str, **fields: Any) -> Profile[Contact]:
    """A target contact; ``fields`` are front matter keys."""
    return profile("contacts", profile_id, Contact.model_validate({"name": _name(profile_id), **fields}))


def edge(connector_id: str, target_id: str, strength: int = 3, how: str | None = None) -> Edge:
    return Edge(connector_id, target_id, strength, how)


def book(
    *,
    me: Profile[Salesperson] | None = None,
    connectors: Iterable[Profile[Customer]] = (),
    targets: Iterable[Profile[Contact]] = (),
    edges: Iterable[Edge] = (),
    today: date = TODAY,
) -> Book:
    """One salesperson's book, exactly as given (no owner filtering), with where each target stands."""
    return with_states(
        Book(
            salesperson=me or salesperson(),
            connectors={c.id: c for c in connectors},
            targets={t.id: t for t in targets},
            banks={},
            edges=tuple(edges),
            today=today,
        )
    )


def build_playbook(root: Path, files: Mapping[str, str], *, today: date = TODAY) -> Path:
    """Write a playbook repository under ``root`` and build it with MkDocs; returns the site dir."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    tree = {"mkdocs.yml": MKDOCS_YML.replace(TODAY_OPTION, f'today: "{today.isoformat()}"'), **files}
    for relative, content in tree.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    site = root / "site"
    mkdocs_build_config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(mkdocs_build_config)
    return site


def read(site: Path, page: str) -> str:
    """A built page's HTML."""
    return (site / page).read_text(encoding="utf-8")
