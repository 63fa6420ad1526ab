"""The JSON Schema of the front matter agrees with the models that validate."""

from __future__ import annotations

import jsonschema
import pytest

from playbook_gen.kinds import json_schema


def kind(name: str) -> jsonschema.Draft202012Validator:
    schema = json_schema()
    return jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_a_name_only_profile_is_valid_at_the_top_level() -> None:
    # It is both a valid customer and a valid contact: oneOf would reject it.
    assert jsonschema.Draft202012Validator(json_schema()).is_valid({"name": "Dana Ruiz"})


@pytest.mark.parametrize(
    ("definition", "front_matter", "valid"),
    [
        ("Customer", {"name": "Priya", "relationship": 5}, True),
        ("Customer", {"name": "Priya", "relationship": 9}, False),
        ("Customer", {"name": "Priya", "private_notes": "never published"}, True),
        ("Customer", {"name": "Priya", "knows": [{"contact": "dana-ruiz", "private": {"why": "x"}}]}, True),
        ("Customer", {"name": "Priya", "knows": [{"contact": "Dana Ruiz"}]}, False),
        ("Customer", {"name": "Priya", "relatioship": 3}, False),
        ("Contact", {"name": "Dana", "stage": "explore"}, True),
        ("Contact", {"name": "Dana", "stage": "pitching"}, False),
        ("Salesperson", {"name": "Maya", "offer": "get their numbers in order", "asks_per_week": 8}, False),
    ],
)
def test_schema_enforces_what_the_models_enforce(definition: str, front_matter: dict, valid: bool) -> None:
    assert kind(definition).is_valid(front_matter) is valid
