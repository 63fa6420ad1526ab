"""``playbook-gen new``: the template shows every key of the model with its real default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_gen.cli import main
from playbook_gen.kinds import BY_NAME
from playbook_gen.newprofile import NEW_KINDS
from playbook_gen.profiles import parse_profile

DEFAULT_LINE = re.compile(r"^# (?P<key>[a-z_]+):(?P<rest>.*)$")


def new_file(root: Path, kind: str, name: str, *options: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), "new", kind, name, *options])
    assert result.exit_code == 0, result.output
    written = Path.cwd() / result.stdout.strip()  # the path as printed: relative to the working directory, or absolute
    assert written.parent.parent == root / "docs"
    return written.read_text(encoding="utf-8")


def uncommented(text: str) -> str:
    """The template with every commented ``# key: default`` line switched on."""
    return "\n".join(f"{match['key']}:{match['rest']}" if (match := DEFAULT_LINE.match(line)) else line for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_the_template_names_every_key_of_the_model(playbook_repo, kind: str) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"})
    text = new_file(root, kind, "Zoë Test", *(("--owner", "maya-okafor") if kind != "salesperson" else ()))
    model = BY_NAME[kind].model
    key_line = re.compile(r"^(?:# )?([a-z_]+):")
    shown = {match[1] for line in text.splitlines() if (match := key_line.match(line))}
    assert shown == set(model.model_fields)


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_the_commented_values_are_the_models_defaults(playbook_repo, kind: str) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"})
    text = new_file(root, kind, "Zoë Test")
    model = BY_NAME[kind].model
    as_written = model.model_validate(parse_profile(text.encode("utf-8"), display_path="new.md").data)
    switched_on = parse_profile(uncommented(text).encode("utf-8"), display_path="new.md").data
    assert set(switched_on) == set(model.model_fields)  # every key, now set to the value its comment shows
    assert model.model_validate(switched_on) == as_written


def test_a_template_with_every_key_switched_on_still_passes_check(playbook_repo) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"})
    path = root / "docs/contacts/zoe-test.md"
    new_file(root, "contact", "Zoë Test")
    path.write_text(uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_the_template_keeps_the_name_as_written(playbook_repo) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"})
    name = 'Ana "Nana" O\'Neil: CFO #1'
    text = new_file(root, "contact", name, "--id", "ana-oneil")
    assert parse_profile(text.encode("utf-8"), display_path="new.md").data["name"] == name
