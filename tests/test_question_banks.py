"""Question banks: matched by role, industry or tag, and shown for the stage they serve."""

from __future__ import annotations

import html

from conftest import build

CONTACT = """\
---
name: Dana Ruiz
role: Owner
stage: {stage}
---
"""


def bank(title: str, stage: str, question: str) -> str:
    return f"---\ntitle: {title}\nroles: [owner]\nstage: {stage}\nquestions: [{question}]\n---\n"


def guide_for(playbook_repo, stage: str) -> str:
    root = playbook_repo(
        {
            "docs/contacts/dana-ruiz.md": CONTACT.format(stage=stage),
            "docs/questions/first.md": bank("Owners", "first-conversation", "FIRST-Q what changed this year"),
            "docs/questions/explore.md": bank("Owners, exploring", "explore", "EXPLORE-Q which outcome first"),
            "docs/questions/empty.md": "---\ntitle: EMPTY-BANK\nstage: first-conversation\n---\n",
        }
    )
    return html.unescape((build(root) / "contacts/dana-ruiz/index.html").read_text(encoding="utf-8"))


def test_a_first_conversation_bank_matches_the_role_ignoring_case(playbook_repo) -> None:
    page = guide_for(playbook_repo, "not-asked")
    assert "FIRST-Q what changed this year" in page
    assert "EXPLORE-Q" not in page, "an explore bank waits until the contact is exploring"
    assert "EMPTY-BANK" not in page, "a bank without questions adds no empty heading"


def test_a_bank_for_a_later_stage_shows_once_the_contact_is_there(playbook_repo) -> None:
    page = guide_for(playbook_repo, "explore")
    assert "EXPLORE-Q which outcome first" in page and "for the explore stage" in page
