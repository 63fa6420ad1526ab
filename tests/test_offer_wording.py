"""The offer, written in the salesperson's words, reads right in the forwardable note."""

from __future__ import annotations

import pytest

from playbook_gen.newprofile import OFFER_PLACEHOLDER
from playbook_gen.scripts import helps


@pytest.mark.parametrize(
    ("offer", "phrase"),
    [
        ("I help owners see their cash clearly.", "helps owners see their cash clearly"),
        ("We help teams plan the handover", "helps teams plan the handover"),
        ("help family businesses plan a calm succession", "helps family businesses plan a calm succession"),
        ("helps owners plan", "helps owners plan"),
        ("plan the handover without losing sleep", "helps people plan the handover without losing sleep"),
    ],
)
def test_offer_becomes_a_third_person_phrase(offer: str, phrase: str) -> None:
    assert helps(offer) == phrase


def test_the_new_salesperson_template_offer_reads_right() -> None:
    assert "helps people" not in helps(OFFER_PLACEHOLDER) and "help" not in helps(OFFER_PLACEHOLDER)[6:10]
