"""The profile cache: each file parsed and validated once while its bytes stay the same (counted, never timed)."""

from __future__ import annotations

import pickle
from pathlib import Path

from playbook_gen.playbook import ProfileCache, load_playbook

from conftest import TOM

DANA = """\
---
name: Dana Ruiz
why: Dana is handing the business over.
---
Notes.
"""


def repository(root: Path) -> Path:
    for path, text in {"salespeople/tom-becker.md": TOM, "contacts/dana-ruiz.md": DANA, "contacts/Bad Name.md": DANA}.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(text, encoding="utf-8")
    return root / "docs"


def outcome(docs: Path, profiles: ProfileCache | None = None) -> tuple[list[str], dict[str, object]]:
    playbook = load_playbook(docs, profiles=profiles)
    return [str(p) for p in playbook.problems], {cid: c.data for cid, c in playbook.contacts.items()}


def test_a_file_is_parsed_again_only_when_its_bytes_change(tmp_path: Path) -> None:
    docs = repository(tmp_path)
    profiles = ProfileCache()
    first = outcome(docs, profiles)
    assert profiles.parsed == 3
    assert outcome(docs, profiles) == first == outcome(docs)  # the same playbook as without a cache
    assert profiles.parsed == 3
    (docs / "contacts/dana-ruiz.md").write_text(DANA.replace("handing", "selling"), encoding="utf-8")
    edited = outcome(docs, profiles)
    assert profiles.parsed == 4
    assert edited == outcome(docs)
    assert edited[1]["dana-ruiz"].why == "Dana is selling the business over."  # type: ignore[attr-defined]


def test_a_broken_file_stays_reported_and_a_removed_one_is_forgotten(tmp_path: Path) -> None:
    docs = repository(tmp_path)
    (docs / "contacts/dana-ruiz.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    profiles = ProfileCache()
    broken = outcome(docs, profiles)
    assert any("dana-ruiz.md:3: malformed YAML" in problem for problem in broken[0])
    assert outcome(docs, profiles) == broken
    assert profiles.parsed == 3
    (docs / "contacts/dana-ruiz.md").unlink()
    assert outcome(docs, profiles) == outcome(docs)
    assert sorted(path.name for path in profiles.entries) == ["Bad Name.md", "tom-becker.md"]


def test_the_cache_crosses_a_process_boundary_as_it_is(tmp_path: Path) -> None:
    """build --all pickles it to each worker process: what comes back is taken as it is, and parses nothing."""
    docs = repository(tmp_path)
    profiles = ProfileCache()
    first = outcome(docs, profiles)
    received = pickle.loads(pickle.dumps(profiles))
    assert outcome(docs, received) == first
    assert received.parsed == profiles.parsed == 3
