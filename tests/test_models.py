"""The models and the reader behind them: YAML 1.2 scalars, one message per bad value, the private cut, the schema."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from playbook_gen.kinds import json_schema
from playbook_gen.model import Contact, Customer, QuestionBank, Salesperson
from playbook_gen.playbook import Source, validate
from playbook_gen.profiles import ProfileReadError, parse_profile, public_body, strip_private

PATH = "docs/customers/priya-raman.md"


def read(front_matter: str, body: str = "") -> Any:
    return parse_profile(f"---\n{textwrap.dedent(front_matter)}---\n{body}".encode(), display_path=PATH)


def check(model: type, front_matter: str) -> tuple[Any, list[str]]:
    """The validated model (or None) and every problem as printed."""
    parsed = read(front_matter)
    source = Source(path=Path("/repo", PATH), display_path=PATH, src_uri="customers/priya-raman.md", front_matter=parsed)
    data, problems = validate(model, parsed.data, source)
    return data, [str(p) for p in problems]


# -- YAML 1.2 scalars: what people write stays what they meant ----------------------


@pytest.mark.parametrize(
    "written, text",
    [
        ("+15550100", "+15550100"),  # a number in YAML, a phone number to its writer
        ("0049301234", "0049301234"),
        ("007", "007"),
        ("1.10", "1.10"),
        ("12:30", "12:30"),  # YAML 1.1 read this as 750
        ("yes", "yes"),  # YAML 1.1 read this as true
        ("off", "off"),
        ("2026-11-02", "2026-11-02"),
        ("0o17", "0o17"),
        ("'  spaced   out  '", "spaced out"),
        ('"line one\\nline two"', "line one line two"),
    ],
)
def test_text_keys_keep_what_was_written(written: str, text: str) -> None:
    data, problems = check(Customer, f"name: Priya Raman\nphone: {written}\n")
    assert problems == []
    assert data.phone == text


def test_numbers_and_booleans_are_yaml_1_2() -> None:
    data, problems = check(Customer, "name: Priya Raman\nrelationship: 0o4\nreference: True\ndo_not_ask: FALSE\n")
    assert problems == []
    assert (data.relationship, data.reference, data.do_not_ask) == (4, True, False)


def test_a_folded_block_of_text_is_one_line() -> None:
    data, problems = check(Contact, "name: Dana Ruiz\nwhy: |\n  She is handing over\n  the business.\n")
    assert problems == [] and data.why == "She is handing over the business."


# -- one clear message per bad value ------------------------------------------------


@pytest.mark.parametrize(
    "model, front_matter, message",
    [
        (Customer, "name: P\nrelationship: '4'\n", "3: relationship: must be a whole number from 1 to 5, got '4'"),
        (Customer, "name: P\nrelationship: true\n", "3: relationship: must be a whole number from 1 to 5, got True"),
        (Customer, "name: P\nrelationship: .nan\n", "3: relationship: must be a whole number from 1 to 5, got .nan"),
        (Customer, "name: P\nrelationship: " + "9" * 80 + "\n", "3: relationship: must be a whole number from 1 to 5, got " + "9" * 37 + "..."),
        (
            Customer,
            "name: P\nlast_contact: 2026-02-30\n",
            "3: last_contact: '2026-02-30' is not a real date (day is out of range for month); write it YYYY-MM-DD",
        ),
        (Customer, "name: P\nlast_contact: 2026-1-5\n", "3: last_contact: must be a date written YYYY-MM-DD (like 2026-11-02), got '2026-1-5'"),
        (Customer, "name: P\nlast_contact: [2026-11-02]\n", "3: last_contact: must be a date written YYYY-MM-DD (like 2026-11-02), got a list"),
        (Customer, "name: P\nemail: {a: b}\n", "3: email: must be text, got keys with values"),
        (Customer, 'name: "P\\u0000"\n', "2: name: holds the invisible character U+0000; remove it"),
        (Customer, 'name: "P\\uD800"\n', "2: name: holds the invisible character U+D800; remove it"),
        (Customer, "name: '   '\n", "2: name: must not be empty: it is required"),
        (Customer, "name: P\nowner: []\n", "3: owner: must be a salesperson id (like maya-okafor) or a list of ids, got an empty list"),
        (
            Customer,
            "name: P\nowner: [maya-okafor, Tom]\n",
            "3: owner: item 2 of the list, 'Tom', is not a salesperson id (lowercase letters, digits and single hyphens)",
        ),
        (Customer, "name: P\nknows:\n  - contact: dana-ruiz\n    strength: 6\n", "5: knows[0].strength: must be a whole number from 1 to 5, got 6"),
        (Customer, "name: P\nasks:\n  - role: accountant\n", "4: asks[0].date: missing required key; add 'date: <date, YYYY-MM-DD>'"),
        (
            Contact,
            "name: D\nstage: Explore\n",
            "3: stage: must be one of 'not-asked', 'asked', 'introduced', 'first-conversation', 'explore', 'identify', 'match', 'propose', 'sales-process', 'won', 'lost' or 'parked', got 'Explore'; did you mean 'explore'?",
        ),
        (
            Contact,
            "name: D\noutcomes: [Know the cash]\n",
            "3: outcomes[0]: must be keys with values (statement, importance, satisfaction), got 'Know the cash'",
        ),
        (Contact, "name: D\njobs: Hand over\n", "3: jobs: must be a list (one item per line starting with '- '), got 'Hand over'"),
        (Salesperson, "name: M\noffer: x\nweeks_ahead: 27\n", "4: weeks_ahead: must be a whole number from 1 to 26, got 27"),
        (QuestionBank, "questions: [a]\n", "1: title: missing required key; add 'title: <text>'"),
    ],
)
def test_each_bad_value_gives_one_line_naming_key_value_and_expectation(model: type, front_matter: str, message: str) -> None:
    data, problems = check(model, front_matter)
    assert data is None
    assert problems == [f"{PATH}:{message}"]


def test_unknown_keys_warn_at_any_depth_and_are_dropped() -> None:
    data, problems = check(Customer, "name: P\nrelationshp: 4\nknows:\n  - contact: dana-ruiz\n    strenght: 2\n")
    assert data is not None and data.relationship == 3 and data.knows[0].strength == 3
    assert sorted(problems) == [
        f"{PATH}:3: warning: relationshp: unknown key, ignored; did you mean 'relationship'?",
        f"{PATH}:6: warning: knows[0].strenght: unknown key, ignored; did you mean 'strength'?",
    ]


def test_keys_are_text_as_written() -> None:
    """``1:`` or ``null:`` is a misspelt key, reported as written, not a number or nothing."""
    data, problems = check(Customer, "name: P\n1: x\nnull: y\n")
    assert data is not None
    assert [p.split(": ", 2)[1] for p in problems] == ["warning", "warning"]
    assert [p.split(": ")[2] for p in problems] == ["1", "null"]


@pytest.mark.parametrize(
    "front_matter, line, message",
    [
        ("a: &x [1]\nb: *x\n", 3, "b: malformed YAML: '*x' is a YAML alias; write the value itself, or put it in quotes"),
        ("a: !!binary aGk=\n", 2, "a: malformed YAML: the YAML tag '!!binary' is not allowed in a profile; write the plain value"),
        ("a: !local x\n", 2, "a: malformed YAML: the YAML tag '!local' is not allowed in a profile; write the plain value"),
        ("name: P\n<<: {role: x}\n", None, None),  # no merge keys: '<<' is a plain (unknown) key
    ],
)
def test_aliases_and_tags_are_refused(front_matter: str, line: int | None, message: str | None) -> None:
    if message is None:
        assert "<<" in read(front_matter).data
        return
    with pytest.raises(ProfileReadError) as raised:
        read(front_matter)
    assert str(raised.value.problem) == f"{PATH}:{line}: {message}"


def test_a_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    with pytest.raises(ProfileReadError, match="is a YAML alias"):
        read("\n".join(lines) + "\n")


# -- the private cut --------------------------------------------------------------


@pytest.mark.parametrize(
    "body, public",
    [
        ("Public.\n<!-- private -->\nSecret.\n", "Public.\n"),
        ("Public.\n\n  <!--   PRIVATE   -->  \nSecret.\n", "Public.\n"),
        ("Public. <!--private--> secret on the same line\nSecret.\n", "Public.\n"),
        ("<!-- private -->\nAll secret.\n", "\n"),
        ("No marker at all.\n", "No marker at all.\n"),
        ("First.\n<!-- private -->\nA\n<!-- private -->\nB\n", "First.\n"),
    ],
)
def test_the_body_is_cut_at_the_private_marker(body: str, public: str) -> None:
    assert public_body(body) == public
    assert read("name: P\n", body).body == public


def test_private_keys_are_dropped_at_every_depth() -> None:
    raw = {
        "name": "P",
        "private": "a",
        "private_fee": "b",
        "privateer": "kept: only 'private' and 'private_*' are private",
        "recent_project": {"title": "t", "private_budget": "c"},
        "knows": [{"contact": "d", "private": {"deep": ["e"]}}],
    }
    assert strip_private(raw) == {
        "name": "P",
        "privateer": "kept: only 'private' and 'private_*' are private",
        "recent_project": {"title": "t"},
        "knows": [{"contact": "d"}],
    }
    assert read("name: P\nprivate_x: {a: [1]}\nknows: [{contact: d, private: 1}]\n").data == {"name": "P", "knows": [{"contact": "d"}]}


def test_private_keys_leave_no_trace_in_the_key_lines() -> None:
    """A template that prints a whole profile shows its key paths: a private key's name must not be among them."""
    parsed = read(
        "name: P\n"
        "private_phone: '555'\n"
        "private:\n  fee: 1\n"
        "recent_project:\n  title: t\n  private_budget: {low: 1}\n"
        "knows:\n  - contact: d\n    private: [x, y]\n"
        "privateer: kept\n"
    )
    assert parsed.key_lines == {
        ("name",): 2,
        ("recent_project",): 6,
        ("recent_project", "title"): 7,
        ("knows",): 9,
        ("knows", 0): 10,
        ("knows", 0, "contact"): 10,
        ("privateer",): 12,
    }
    assert "private_" not in repr(parsed) and "'private'" not in repr(parsed)
    assert parsed.line_of(("recent_project", "private_budget")) == 6  # the nearest public key


# -- the schema states what the models check ------------------------------------------


def test_schema_states_ranges_ids_and_owner() -> None:
    defs = json_schema()["$defs"]
    assert {"type": "integer", "minimum": 1, "maximum": 5}.items() <= defs["Customer"]["properties"]["relationship"].items()
    assert defs["Knows"]["properties"]["contact"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    owner = defs["Contact"]["properties"]["owner"]["anyOf"]
    assert {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}, "minItems": 1} in owner


@pytest.mark.parametrize(
    "front_matter",
    ["name: P\nrelationship: 7\n", "name: P\nknows: [{contact: Dana Ruiz}]\n", "name: P\nowner: []\n", "relationship: 2\n"],
)
def test_the_schema_rejects_what_the_models_reject(front_matter: str) -> None:
    schema = json_schema()
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Customer"})
    data, _ = check(Customer, front_matter)
    assert data is None
    assert list(validator.iter_errors(read(front_matter).data))
