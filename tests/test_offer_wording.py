"""The offer, written in the salesperson's words, reads right in the forwardable note, or check says how to write it."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_gen.cli import main
from playbook_gen.method import OFFER_PLACEHOLDER, offer_in_third_person

from conftest import write_tree


@pytest.mark.parametrize(
    ("offer", "phrase"),
    [
        ("I help owners see their cash clearly.", "helps owners see their cash clearly"),
        ("We help teams plan the handover", "helps teams plan the handover"),
        ("help family businesses plan a calm succession", "helps family businesses plan a calm succession"),
        ("helps owners plan", "helps owners plan"),
        ("plan the handover without losing sleep", "helps people plan the handover without losing sleep"),
        ("I look after the computers of small practices", "looks after the computers of small practices"),
        ("We fix payroll mistakes before the auditors do", "fixes payroll mistakes before the auditors do"),
        ("I carry the books of three family firms", "carries the books of three family firms"),
        ("Helping owners sell their business on their terms", "helps owners sell their business on their terms"),
        ("Building websites for florists", "works on building websites for florists"),
    ],
)
def test_any_way_an_offer_is_written_becomes_a_third_person_phrase(offer: str, phrase: str) -> None:
    assert offer_in_third_person(offer) == phrase


@pytest.mark.parametrize("offer", ["We fix payroll for my clients", "I help our customers grow", "Helping me find new clients"])
def test_an_offer_that_still_speaks_of_me_cannot_be_said_of_them(offer: str) -> None:
    assert offer_in_third_person(offer) is None


def salesperson_repo(tmp_path: Path, offer: str) -> Path:
    return write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: T\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-11-23\n",
            "docs/salespeople/maya-okafor.md": f"---\nname: Maya Okafor\noffer: {offer}\n---\n",
            "docs/customers/ann-lee.md": "---\nname: Ann Lee\nknows: [{contact: dana-ruiz}]\n---\n",
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
        },
    )


def test_check_flags_the_placeholder_offer_and_one_it_cannot_say(tmp_path: Path) -> None:
    root = salesperson_repo(tmp_path, OFFER_PLACEHOLDER)
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), "check"])
    assert result.exit_code == 0
    assert "docs/salespeople/maya-okafor.md:3: warning: offer: still the placeholder 'new' wrote" in result.stdout
    (root / "docs/salespeople/maya-okafor.md").write_text("---\nname: Maya Okafor\noffer: We fix payroll for my clients\n---\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), "check"])
    assert "warning: offer: the forwardable note says it of you in the third person" in result.stdout


def test_the_forwardable_note_says_the_offer_of_the_salesperson_or_leaves_it_out(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = salesperson_repo(tmp_path, "I look after the computers of small practices")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    page = html.unescape((tmp_path / "site/customers/ann-lee/index.html").read_text(encoding="utf-8"))
    assert "Maya looks after the computers of small practices. Maya isn't selling anything" in page
    (root / "docs/salespeople/maya-okafor.md").write_text("---\nname: Maya Okafor\noffer: We fix payroll for my clients\n---\n", encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    page = html.unescape((tmp_path / "site/customers/ann-lee/index.html").read_text(encoding="utf-8"))
    assert "my clients" not in page and "Dana, I'd like to introduce you to Maya Okafor. Maya isn't selling anything" in page
