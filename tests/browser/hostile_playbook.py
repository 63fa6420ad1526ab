"""A playbook whose every text key carries script, HTML and ``javascript:`` links: the browser must never run any of it."""

from __future__ import annotations

import json
from pathlib import Path

from steering import MKDOCS_YML as STEERING_MKDOCS_YML
from steering import SNIPPET_FILE, SNIPPET_SENTINEL, STEERING_BODY

ATTACKS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">a</a>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
)
NOTES = (
    """\
Notes [click me](javascript:alert(1)) and <script>alert(1)</script>
<img src=x onerror=alert(1)> <a href="javascript:alert(1)" onclick="alert(1)">link</a>
<iframe src="javascript:alert(1)"></iframe> <svg onload=alert(1)></svg>
<details open ontoggle=alert(1)><summary>s</summary></details>

"""
    + STEERING_BODY
)
# Snippets and mermaid fences on, as many real playbooks have them: profile text must reach neither.
MKDOCS_YML = STEERING_MKDOCS_YML.replace("Steering playbook", "Hostile playbook")


def hostile(label: str) -> str:
    """A text value: a plain first word (first names come from it), then every attack."""
    return f"{label} " + " ".join(ATTACKS)


def text(label: str) -> str:
    """The hostile value as a YAML scalar (JSON is YAML 1.2)."""
    return json.dumps(hostile(label))


def texts(*labels: str) -> str:
    return "[" + ", ".join(text(label) for label in labels) + "]"


ROLE = hostile("Accountant")
SALESPERSON = f"""\
---
name: {text("Maya")}
email: {text("maya@example.com")}
phone: {text("555")}
company: {text("Northwind")}
offer: {text("grow")}
target_roles: [{json.dumps(ROLE)}]
---
{NOTES}"""
REFERENCE = f"""\
---
name: {text("Rosa")}
company: {text("Acme")}
role: {json.dumps(ROLE)}
email: {text("rosa@example.com")}
phone: {text("556")}
relationship: 5
last_contact: 2026-01-02
reference: true
recent_project: {{title: {text("Ledger")}, finished: 2026-10-01, result: {text("Faster")}}}
knows:
  - {{contact: dana-ruiz, strength: 4, how: {text("Rowing")}}}
their: {texts("Lawyer")}
---
{NOTES}"""
ROLE_CONNECTOR = f"""\
---
name: {text("Greta")}
company: {text("Hansen")}
role: {text("Owner")}
email: {text("greta@example.com")}
relationship: 4
their: [{json.dumps(ROLE)}]
---
{NOTES}"""
HISTORY_CONNECTOR = f"""\
---
name: {text("Luis")}
company: {text("Ferreira")}
email: {text("luis@example.com")}
relationship: 3
knows:
  - {{contact: dana-ruiz, strength: 3, how: {text("Supplier")}}}
asks:
  - {{contact: dana-ruiz, date: 2026-11-02, result: pending}}
  - {{role: {json.dumps(ROLE)}, date: 2026-11-16, result: introduced}}
---
{NOTES}"""
NAMED_CONNECTOR = f"""\
---
name: {text("Priya")}
company: {text("Raman")}
email: {text("priya@example.com")}
relationship: 5
knows:
  - {{contact: mei-tanaka, strength: 5, how: {text("Neighbour")}}}
---
{NOTES}"""
ASKED_CONTACT = f"""\
---
name: {text("Dana")}
company: {text("Ruiz")}
role: {text("Owner")}
industry: {text("Logistics")}
why: {text("Because")}
priority: 1
stage: asked
jobs: {texts("Handover", "Finance")}
outcomes:
  - {{statement: {text("Cash")}, importance: 9, satisfaction: 3}}
  - {{statement: {text("Time")}}}
tags: {texts("Family")}
---
{NOTES}"""
NAMED_CONTACT = f"""\
---
name: {text("Mei")}
company: {text("Tanaka")}
role: {text("Director")}
industry: {text("Textiles")}
why: {text("Growing")}
priority: 1
known_by:
  - {{customer: greta-hansen, strength: 2, how: {text("Club")}}}
jobs: {texts("Expand")}
tags: {texts("Family")}
---
{NOTES}"""
NO_PATH_CONTACT = f"""\
---
name: {text("Nadia")}
company: {text("Haddad")}
why: {text("Someday")}
priority: 3
---
{NOTES}"""
BANK = f"""\
---
title: {text("Owners")}
roles: {texts("Owner")}
industries: {texts("Logistics")}
tags: {texts("Family")}
questions: {texts("How", "Why")}
---
"""
FILES = {
    "mkdocs.yml": MKDOCS_YML,
    SNIPPET_FILE: f"{SNIPPET_SENTINEL}\n",
    "docs/index.md": f"# Hostile home\n\n{NOTES}",
    "docs/salespeople/maya-okafor.md": SALESPERSON,
    "docs/customers/rosa-diaz.md": REFERENCE,
    "docs/customers/greta-hansen.md": ROLE_CONNECTOR,
    "docs/customers/luis-ferreira.md": HISTORY_CONNECTOR,
    "docs/customers/priya-raman.md": NAMED_CONNECTOR,
    "docs/contacts/dana-ruiz.md": ASKED_CONTACT,
    "docs/contacts/mei-tanaka.md": NAMED_CONTACT,
    "docs/contacts/nadia-haddad.md": NO_PATH_CONTACT,
    "docs/questions/owners.md": BANK,
}


def write_hostile_playbook(root: Path) -> Path:
    """Write the hostile playbook repository under ``root``; returns ``root``."""
    for relative, content in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root
