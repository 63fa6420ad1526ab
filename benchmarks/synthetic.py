"""A synthetic playbook repository of N contacts and N/2 customers, for the benchmarks.

Realistic front matter: every customer knows three contacts, contacts have
jobs and rated outcomes, some customers are references with recent projects,
and the ask histories mix every result. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

FIRST = [
    "Dana",
    "Priya",
    "Greta",
    "Luis",
    "Aisha",
    "Rachel",
    "Hannah",
    "Marcus",
    "Zoë",
    "Oliver",
    "Mei",
    "Samuel",
    "Inês",
    "Frank",
    "Nadia",
    "Lena",
    "James",
    "Clara",
    "Ben",
    "Tomás",
]
LAST = [
    "Ruiz",
    "Raman",
    "Hansen",
    "Ferreira",
    "Bello",
    "Kim",
    "Cho",
    "Webb",
    "Lindqvist",
    "Grant",
    "Tanaka",
    "Okoro",
    "Carvalho",
    "Delaney",
    "Haddad",
    "Fischer",
    "Osei",
    "Moreau",
    "Adler",
    "Novak",
]
INDUSTRIES = ["manufacturing", "logistics", "dental practice", "architecture", "law firm", "non-profit"]
ROLES = ["owner", "managing director", "finance director", "operations lead"]
THEIR = ["accountant", "financial advisor", "office manager", "lawyer"]
TODAY = date(2026, 11, 23)

MKDOCS_YML = """\
site_name: Synthetic playbook
theme:
  name: material
plugins:
  - search
  - playbook:
      today: "2026-11-23"
"""


def _person(rng: random.Random, index: int) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"


def write_playbook(root: Path, *, contacts: int, salespeople: int = 1, seed: int = 7) -> Path:
    """Write mkdocs.yml and docs/ for ``contacts`` contacts and ``contacts // 2`` customers."""
    rng = random.Random(seed)
    docs = root / "docs"
    for folder in ("salespeople", "customers", "contacts"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# Synthetic playbook\n\nOne connector, one introduction, one person.\n", encoding="utf-8")
    (docs / "method.md").write_text("# The method\n\nAsk for one.\n", encoding="utf-8")
    sellers = [f"seller-{n}" for n in range(1, salespeople + 1)]
    for seller in sellers:
        (docs / "salespeople" / f"{seller}.md").write_text(
            f"---\nname: Seller {seller[-1]}\noffer: get their numbers in order\ntarget_roles: [accountant, office manager]\n---\nA bio.\n",
            encoding="utf-8",
        )
    owner_of = lambda index: sellers[index % len(sellers)]  # noqa: E731 - tiny local helper
    contact_ids = [f"contact-{n}" for n in range(contacts)]
    for n, contact_id in enumerate(contact_ids):
        outcomes = "\n".join(
            f"  - statement: Outcome {k} of {contact_id}\n    importance: {rng.randint(1, 10)}\n    satisfaction: {rng.randint(1, 10)}" for k in range(3)
        )
        stage = rng.choice(["not-asked"] * 6 + ["asked", "introduced", "first-conversation", "explore", "parked"])
        (docs / "contacts" / f"{contact_id}.md").write_text(
            f"---\nname: {_person(rng, n)}\ncompany: Company {n}\nrole: {rng.choice(ROLES)}\nindustry: {rng.choice(INDUSTRIES)}\n"
            f"owner: {owner_of(n)}\nwhy: They are planning a handover in the next two years.\npriority: {rng.randint(1, 3)}\n"
            f"stage: {stage}\njobs: [Hand over the business, Know the cash position]\noutcomes:\n{outcomes}\n"
            f"tags: [{rng.choice(['family-business', 'growth', 'succession'])}]\n---\nNotes about contact {n}.\n",
            encoding="utf-8",
        )
    for n in range(max(1, contacts // 2)):
        seller_index = n % len(sellers)
        mine = [c for i, c in enumerate(contact_ids) if i % len(sellers) == seller_index]
        known = rng.sample(mine, k=min(3, len(mine)))
        knows = "\n".join(f"  - contact: {c}\n    strength: {rng.randint(1, 5)}\n    how: Met at the trade fair" for c in known)
        finished = TODAY - timedelta(days=rng.randint(5, 400))
        reference = "true" if n % 5 == 0 else "false"
        asks = ""
        if n % 3 == 0 and known:
            result = rng.choice(["pending", "introduced", "declined", "no-answer"])
            asked = TODAY - timedelta(days=rng.randint(1, 120))
            asks = f"asks:\n  - contact: {known[0]}\n    date: {asked.isoformat()}\n    result: {result}\n"
        (docs / "customers" / f"customer-{n}.md").write_text(
            f"---\nname: {_person(rng, n)}\ncompany: Customer Co {n}\nrole: {rng.choice(THEIR)}\nowner: {sellers[seller_index]}\n"
            f"relationship: {rng.randint(1, 5)}\nlast_contact: {(TODAY - timedelta(days=rng.randint(0, 300))).isoformat()}\n"
            f"reference: {reference}\nrecent_project: {{title: Project {n}, finished: {finished.isoformat()}, result: Done}}\n"
            f"knows:\n{knows}\ntheir: [{rng.choice(THEIR)}]\n{asks}---\nNotes about customer {n}.\n",
            encoding="utf-8",
        )
    return root
