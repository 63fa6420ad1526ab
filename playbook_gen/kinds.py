"""The kinds of profile, defined once: each kind's name, its folder under ``docs/``, its model, and its page.

Every part of the product that names a kind or its folder (the loader, ``new``,
the writing commands, ``init``, the plugin and ``generate``) reads this table, and
:func:`replaced_by_pages` is the one rule of which ``docs/`` files the playbook's
generated pages replace.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .model import PRIVATE_KEY_PATTERN, Contact, Customer, QuestionBank, Salesperson


@dataclass(frozen=True)
class Kind:
    """One kind of profile (SPEC §2): ``docs/<folder>/<id>.md`` validated by ``model``."""

    name: str  # as the command line says it: ``new customer``, ``forget --kind customer``
    folder: str  # under docs/, and the URL of its pages: ``customers/<id>/``
    model: type[BaseModel]
    attribute: str  # the Playbook's dictionary of them
    template: str  # the page each profile becomes


KINDS: tuple[Kind, ...] = (
    Kind("salesperson", "salespeople", Salesperson, "salespeople", "salesperson.md.j2"),
    Kind("customer", "customers", Customer, "customers", "customer.md.j2"),
    Kind("contact", "contacts", Contact, "contacts", "contact.md.j2"),
    Kind("question", "questions", QuestionBank, "banks", "question_bank.md.j2"),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}
PROFILE_FOLDERS: tuple[str, ...] = tuple(BY_FOLDER)
"""The folders of ``docs/`` that hold profiles: data, each file a generated page."""
HOME_SOURCES = ("index.md", "README.md")
"""A hand-written home intro: shown at the top of the generated home page, which replaces it."""
RESERVED_IDS: dict[str, tuple[str, ...]] = {"index": PROFILE_FOLDERS, "team": ("salespeople",)}
"""Ids that would take a page the site needs (SPEC §2): ``index`` in every folder, ``team`` for a salesperson."""
_TAKEN_PAGES = {
    "index": "the page that lists them ({folder}/index.html)",
    "team": "the sales manager's team site (site/team/)",
}
"""The page each reserved id would take, as the refusals name it."""


@functools.cache  # asked once per profile file read
def reserved_ids(folder: str) -> frozenset[str]:
    """The ids a profile of this folder (``contacts``, ``salespeople``…) may not take."""
    return frozenset(profile_id for profile_id, folders in RESERVED_IDS.items() if folder in folders)


def reserved_reason(folder: str, profile_id: str) -> str | None:
    """Why this id cannot be a profile of this folder, in one phrase; None when it can."""
    if profile_id not in reserved_ids(folder):
        return None
    return f"the id '{profile_id}' would take {_TAKEN_PAGES[profile_id].format(folder=folder)}"


def is_profile_path(src_uri: str) -> bool:
    """Is this ``docs/``-relative path a profile (``customers/greta-hansen.md``), not an index page or a hand-written one?"""
    head, _, rest = src_uri.partition("/")
    return head in BY_FOLDER and "/" not in rest and rest.endswith(".md") and rest != "index.md"


def replaced_by_pages(src_uri: str) -> bool:
    """Is this ``docs/`` file replaced by the playbook's generated pages: a profile folder's file, or the home intro?"""
    head, _, rest = src_uri.partition("/")
    return src_uri in HOME_SOURCES or (head in BY_FOLDER and bool(rest))


def json_schema() -> dict[str, Any]:
    """JSON Schema of the front matter of every profile kind, from the models that validate.

    ``$defs`` holds one definition per kind (``Customer`` for ``docs/customers/``…);
    the top level accepts any of them. Keys named ``private`` or ``private_*`` are
    allowed everywhere: they are never published, whatever they hold.
    """
    definitions: dict[str, Any] = {}
    for kind in KINDS:
        schema = kind.model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        definitions[kind.model.__name__] = schema
    for definition in definitions.values():
        if definition.get("additionalProperties") is False:
            definition["patternProperties"] = {PRIVATE_KEY_PATTERN: {}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "playbook-gen front matter",
        # anyOf, not oneOf: a profile with only `name` is a valid customer and a valid contact.
        "anyOf": [{"$ref": f"#/$defs/{kind.model.__name__}"} for kind in KINDS],
        "$defs": definitions,
    }
