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
    docs = _start(root, mkdocs_yml=MKDOCS_YML)
    sellers = [f"seller-{n}" for n in range(1, salespeople + 1)]
    for seller in sellers:
        _write_salesperson(docs, seller, name=f"Seller {seller[-1]}")
    contact_ids = [f"contact-{n}" for n in range(contacts)]
    for n, contact_id in enumerate(contact_ids):
        _write_contact(docs, rng, contact_id, n, owner=sellers[n % len(sellers)])
    for n in range(max(1, contacts // 2)):
        seller_index = n % len(sellers)
        mine = [c for i, c in enumerate(contact_ids) if i % len(sellers) == seller_index]
        _write_customer(docs, rng, f"customer-{n}", n, owner=sellers[seller_index], known=rng.sample(mine, k=min(3, len(mine))))
    return root


def write_team(root: Path, *, contacts: int, salespeople: int, share_every: int = 10, seed: int = 7) -> Path:
    """A team: each of ``salespeople`` salespeople has ``contacts`` contacts and half as many customers of their own.

    Every ``share_every``-th customer of each salesperson is shared with the next one
    (the last shares with the first), so the whole team plans together. The build is
    seller-1's (``salesperson`` in mkdocs.yml), and seller-1's files are the same
    whatever the size of the team, but for the owners of the customers they share.
    """
    docs = _start(root, mkdocs_yml=MKDOCS_YML.replace("  - playbook:\n", "  - playbook:\n      salesperson: seller-1\n"))
    sellers = [f"seller-{n}" for n in range(1, salespeople + 1)]
    for index, seller in enumerate(sellers):
        rng = random.Random(f"{seed}-{seller}")  # the same files for seller-1 in a team of any size
        _write_salesperson(docs, seller, name=f"Seller {index + 1}")
        contact_ids = [f"{seller}-contact-{n}" for n in range(contacts)]
        for n, contact_id in enumerate(contact_ids):
            _write_contact(docs, rng, contact_id, n, owner=seller)
        neighbour = sellers[(index + 1) % len(sellers)]
        for n in range(max(1, contacts // 2)):
            owner = f"[{seller}, {neighbour}]" if n % share_every == 0 and neighbour != seller else seller
            _write_customer(docs, rng, f"{seller}-customer-{n}", n, owner=owner, known=rng.sample(contact_ids, k=min(3, len(contact_ids))))
    return root


def _start(root: Path, *, mkdocs_yml: str) -> Path:
    docs = root / "docs"
    for folder in ("salespeople", "customers", "contacts"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (docs / "index.md").write_text("# Synthetic playbook\n\nOne connector, one introduction, one person.\n", encoding="utf-8")
    (docs / "method.md").write_text("# The method\n\nAsk for one.\n", encoding="utf-8")
    return docs


def _write_salesperson(docs: Path, seller: str, *, name: str) -> None:
    (docs / "salespeople" / f"{seller}.md").write_text(
        f"---\nname: {name}\noffer: get their numbers in order\ntarget_roles: [accountant, office manager]\n---\nA bio.\n",
        encoding="utf-8",
    )


def _write_contact(docs: Path, rng: random.Random, contact_id: str, n: int, *, owner: str) -> None:
    outcomes = "\n".join(
        f"  - statement: Outcome {k} of {contact_id}\n    importance: {rng.randint(1, 10)}\n    satisfaction: {rng.randint(1, 10)}" for k in range(3)
    )
    stage = rng.choice(["not-asked"] * 6 + ["asked", "introduced", "first-conversation", "explore", "parked"])
    (docs / "contacts" / f"{contact_id}.md").write_text(
        f"---\nname: {_person(rng, n)}\ncompany: Company {n}\nrole: {rng.choice(ROLES)}\nindustry: {rng.choice(INDUSTRIES)}\n"
        f"owner: {owner}\nwhy: They are planning a handover in the next two years.\npriority: {rng.randint(1, 3)}\n"
        f"stage: {stage}\njobs: [Hand over the business, Know the cash position]\noutcomes:\n{outcomes}\n"
        f"tags: [{rng.choice(['family-business', 'growth', 'succession'])}]\n---\nNotes about contact {n}.\n",
        encoding="utf-8",
    )


def _write_customer(docs: Path, rng: random.Random, customer_id: str, n: int, *, owner: str, known: list[str]) -> None:
    knows = "\n".join(f"  - contact: {c}\n    strength: {rng.randint(1, 5)}\n    how: Met at the trade fair" for c in known)
    finished = TODAY - timedelta(days=rng.randint(5, 400))
    reference = "true" if n % 5 == 0 else "false"
    asks = ""
    if n % 3 == 0 and known:
        result = rng.choice(["pending", "introduced", "declined", "no-answer"])
        asked = TODAY - timedelta(days=rng.randint(1, 120))
        asks = f"asks:\n  - contact: {known[0]}\n    date: {asked.isoformat()}\n    result: {result}\n"
    (docs / "customers" / f"{customer_id}.md").write_text(
        f"---\nname: {_person(rng, n)}\ncompany: Customer Co {n}\nrole: {rng.choice(THEIR)}\nowner: {owner}\n"
        f"relationship: {rng.randint(1, 5)}\nlast_contact: {(TODAY - timedelta(days=rng.randint(0, 300))).isoformat()}\n"
        f"reference: {reference}\nrecent_project: {{title: Project {n}, finished: {finished.isoformat()}, result: Done}}\n"
        f"knows:\n{knows}\ntheir: [{rng.choice(THEIR)}]\n{asks}---\nNotes about customer {n}.\n",
        encoding="utf-8",
    )
