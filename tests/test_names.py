"""Names without titles and post-nominals (SPEC §3, §9): one function, ``clean_name``, for import and new."""

from __future__ import annotations

import pytest

from playbook_gen.identity import company_key, linkedin_key, linkedin_url, name_key
from playbook_gen.ids import free_id, id_from_name
from playbook_gen.kinds import reserved_ids
from playbook_gen.names import clean_name


@pytest.mark.parametrize(
    ("written", "name", "profile_id"),
    [
        ("Dr. Helen Markovic", "Helen Markovic", "helen-markovic"),
        ("Helen Markovic, MD", "Helen Markovic", "helen-markovic"),
        ("John Smith Esq.", "John Smith", "john-smith"),
        ("Jane Doe, CPA", "Jane Doe", "jane-doe"),
        ("Chidi Okafor, PhD, MBA", "Chidi Okafor", "chidi-okafor"),
        ("Prof. Dr. Hans Weiß", "Hans Weiß", "hans-weiss"),
        ("Ms. Ann Lee", "Ann Lee", "ann-lee"),
        ("Mr. John Smith, Jr., CPA", "John Smith, Jr.", "john-smith-jr"),
        # A generational suffix is part of the name: father and son are two people.
        ("Peter Müller Jr.", "Peter Müller Jr.", "peter-muller-jr"),
        ("Jürgen Weiß III", "Jürgen Weiß III", "jurgen-weiss-iii"),
        # Given names that are also titles elsewhere, quotes, emoji and scripts stay as written.
        ("Dean Smith", "Dean Smith", "dean-smith"),
        ('Jordan "JD" Blake', 'Jordan "JD" Blake', "jordan-jd-blake"),
        ("Ana 🚀 Souza", "Ana 🚀 Souza", "ana-souza"),
        ("张伟", "张伟", "zhang-wei"),
        # Nothing but a title: the words are kept rather than leaving no name.
        ("Dr.", "Dr.", "dr"),
    ],
)
def test_titles_and_post_nominals_leave_the_name_and_the_id(written: str, name: str, profile_id: str) -> None:
    cleaned = clean_name(written)
    assert cleaned.name == name
    assert id_from_name(cleaned.name) == profile_id


def test_the_parts_compare_people() -> None:
    assert name_key("Dr. Zoë Hartmann") == name_key("zoe hartmann, PhD") == "zoe hartmann"
    assert name_key("Peter Müller") != name_key("Peter Müller Jr.")
    assert clean_name("Dan Ruiz").given != clean_name("Dana Ruiz").given


def test_a_taken_or_reserved_id_gets_a_number() -> None:
    assert free_id("dana-ruiz", {"dana-ruiz", "dana-ruiz-2"}) == "dana-ruiz-3"
    assert free_id("index", set(), reserved=reserved_ids("contacts")) == "index-2"
    assert free_id("team", set(), reserved=reserved_ids("contacts")) == "team", "team is taken for salespeople only"
    assert free_id("team", set(), reserved=reserved_ids("salespeople")) == "team-2"


def test_linkedin_urls_and_companies_in_one_form() -> None:
    assert linkedin_url("https://www.linkedin.com/in/%7Ekenji/") == linkedin_url("http://LinkedIn.com/in/~Kenji?trk=x") == "https://www.linkedin.com/in/~kenji"
    assert linkedin_key("https://www.linkedin.com/in/sam-o%E2%80%99connor") == linkedin_key("https://www.linkedin.com/in/Sam-O’Connor/")
    assert company_key("Acme, Inc.") == company_key("ACME Inc") == "acme"
