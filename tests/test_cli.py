"""The ``playbook-gen`` commands through click's CliRunner, on small playbook repositories in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from playbook_gen.cli import main
from playbook_gen.kinds import KINDS, json_schema
from playbook_gen.profiles import read_profile, strip_private

from conftest import CONTACT, CUSTOMER, TOM, invoke
from conftest import MKDOCS_YML as TEAM_MKDOCS_YML


def assert_clean_failure(result: Result) -> None:
    """Exit status 1, no traceback: the error is said in lines of its own."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.fixture
def repo(playbook_repo) -> Path:
    return playbook_repo({"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT})


@pytest.fixture
def team(playbook_repo) -> Path:
    """Two salespeople: every customer and contact names its owner."""
    return playbook_repo(
        {
            "docs/salespeople/tom-becker.md": TOM,
            "docs/customers/priya-raman.md": CUSTOMER.replace("relationship: 4", "relationship: 4\nowner: maya-okafor"),
            "docs/contacts/dana-ruiz.md": CONTACT.replace("priority: 1", "priority: 1\nowner: maya-okafor"),
        },
        mkdocs_yml=TEAM_MKDOCS_YML,
    )


# -- --version, --help --------------------------------------------------------


def test_version() -> None:
    from playbook_gen import __version__

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"playbook-gen, version {__version__}\n"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {command}") or result.output.startswith(f"Usage: playbook-gen {command}")
    assert len(main.commands[command].get_short_help_str()) > 10


def test_the_commands_of_the_spec_exist() -> None:
    spec = {"check", "build", "serve", "new", "matrix", "export", "schema", "generate", "record", "forget", "rename", "import"}
    # SPEC §11: what CI runs before publishing; starting a repository; SPEC §12: what CI runs for an issue that records
    assert set(main.commands) == spec | {"verify-encrypted", "init", "record-issue"}
    assert set(main.commands["record"].commands) == {"ask", "answer", "stage", "thanked", "gave", "outcome", "contacted"}


# -- check ----------------------------------------------------------------------


def test_check_passes_a_valid_playbook(repo: Path) -> None:
    result = invoke(repo, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "3 profiles checked: 0 errors, 0 warnings\n"


def test_check_prints_warnings_with_the_nearest_key_and_exits_0(playbook_repo) -> None:
    root = playbook_repo({"docs/customers/priya-raman.md": "---\nname: Priya Raman\nrelationshp: 4\n---\n"})
    result = invoke(root, "check")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.startswith("docs/customers/priya-raman.md:3: warning: relationshp: ")
    assert "did you mean 'relationship'?" in line


def test_check_prints_every_problem_of_every_salesperson_and_exits_1(team: Path) -> None:
    (team / "docs/customers/greta-hansen.md").write_text("---\nname: Greta Hansen\nowner: tom-becker\nrelationship: 9\n---\n", encoding="utf-8")
    (team / "docs/contacts/ben-adler.md").write_text(
        "---\nname: Ben Adler\nowner: tom-becker\npriorty: 1\nwhy: He runs a dental practice.\n---\n", encoding="utf-8"
    )
    (team / "docs/contacts/lena-fischer.md").write_text("---\nname: Lena Fischer\nwhy: She advises founders.\n---\n", encoding="utf-8")
    result = invoke(team, "check")
    assert_clean_failure(result)
    # Messages are worded by the core; what check adds is one `path:line: ` line per problem, all files, sorted.
    warning, missing_owner, out_of_range = result.stdout.splitlines()
    assert warning.startswith("docs/contacts/ben-adler.md:4: warning: priorty: ") and "'priority'" in warning
    assert missing_owner.startswith("docs/contacts/lena-fischer.md:1: ") and "owner" in missing_owner
    assert out_of_range.startswith("docs/customers/greta-hansen.md:4: relationship: ") and "9" in out_of_range
    assert result.stderr == "7 profiles checked: 2 errors, 1 warning\n"


def test_check_without_a_salesperson_is_an_error(playbook_repo) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"}, salesperson=False)
    result = invoke(root, "check")
    assert_clean_failure(result)
    assert result.stdout == 'docs/salespeople: no salesperson: add one with playbook-gen new salesperson "Full Name"\n'


# -- errors are one line, never a traceback ---------------------------------------


def test_missing_config_is_one_line(tmp_path: Path) -> None:
    for command in (["check"], ["matrix"], ["build"], ["export", "csv"], ["new", "contact", "Dana Ruiz"]):
        result = invoke(tmp_path, *command)
        assert_clean_failure(result)
        assert result.stderr == f"{(tmp_path / 'mkdocs.yml').as_posix()}: no such file: run playbook-gen in a playbook repository or give --config\n"


def test_broken_config_yaml_is_one_line_with_its_line(playbook_repo) -> None:
    root = playbook_repo(mkdocs_yml="site_name: Test\nnav:\n  - Home: index.md\n   - x\n")
    result = invoke(root, "check")
    assert_clean_failure(result)
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{(root / 'mkdocs.yml').as_posix()}:3: invalid YAML: ")


def test_an_invalid_config_value_names_the_config(playbook_repo) -> None:
    root = playbook_repo(mkdocs_yml="site_name: Test\ntheme: no-such-theme\n")
    result = invoke(root, "matrix")
    assert_clean_failure(result)
    assert f"{(root / 'mkdocs.yml').as_posix()}: Config value 'theme': Unrecognised theme name: 'no-such-theme'" in result.stderr


def test_unknown_salesperson_is_one_line_listing_the_ids(team: Path) -> None:
    for command in (["build", "--salesperson", "nobody"], ["export", "ics", "--salesperson", "nobody"], ["generate", "--out", "x", "--salesperson", "nobody"]):
        result = invoke(team, *command)
        assert_clean_failure(result)
        assert result.stderr == "docs/salespeople/nobody.md: no salesperson 'nobody'; salespeople are: maya-okafor, tom-becker\n"


def test_several_salespeople_and_none_chosen_lists_the_ids(team: Path) -> None:
    result = invoke(team, "export", "csv")
    assert_clean_failure(result)
    assert "several salespeople (maya-okafor, tom-becker)" in result.stderr
    assert "--salesperson" in result.stderr


# -- matrix, schema --------------------------------------------------------------


def test_matrix_is_a_sorted_json_array(team: Path) -> None:
    (team / "docs/salespeople/adam-zhou.md").write_text(TOM.replace("Tom Becker", "Adam Zhou"), encoding="utf-8")
    result = invoke(team, "matrix")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == ["adam-zhou", "maya-okafor", "tom-becker"]
    assert result.stdout.count("\n") == 1  # one line, for $GITHUB_OUTPUT


def test_matrix_of_a_repository_without_salespeople_is_empty(playbook_repo) -> None:
    result = invoke(playbook_repo({"docs/index.md": "# Playbook\n"}, salesperson=False), "matrix")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_schema_is_the_models_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == json_schema()
    assert {kind.model.__name__ for kind in KINDS} <= set(schema["$defs"])


def test_schema_is_valid_draft_2020_12_and_accepts_the_example_profiles() -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    docs = Path(__file__).resolve().parent.parent / "docs"
    checked = 0
    for kind in KINDS:
        # One kind's definition, as an editor applies it to one folder of profiles.
        kind_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{kind.model.__name__}"}
        validator = jsonschema.Draft202012Validator(kind_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for path in sorted((docs / kind.folder).glob("*.md")):
            # Private keys never reach the models, so the schema describes the front matter without them.
            front_matter = strip_private(read_profile(path, display_path=path.name).data)
            assert not [error.message for error in validator.iter_errors(front_matter)], path
            checked += 1
        assert list(validator.iter_errors({"name": ["not", "text"]}))
    assert checked > 10


# -- export ------------------------------------------------------------------------


def test_export_prints_the_same_bytes_as_the_sites_files(repo: Path, build_site) -> None:
    site = build_site(repo)
    ics = invoke(repo, "export", "ics")
    csv = invoke(repo, "export", "csv", "--salesperson", "maya-okafor")
    assert ics.exit_code == 0 and csv.exit_code == 0, ics.output + csv.output
    assert ics.stdout_bytes == (site / "asks.ics").read_bytes()
    assert csv.stdout_bytes == (site / "asks.csv").read_bytes()
    assert csv.stdout.splitlines()[0] == "week,connector,contact,role,form"
    assert "2026-11-23,priya-raman,dana-ruiz,,named" in csv.stdout.splitlines()
    assert b"SUMMARY:Ask Priya Raman to introduce Dana Ruiz" in ics.stdout_bytes


def test_export_follows_plugin_option_then_environment(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_SALESPERSON", "tom-becker")
    tom = invoke(team, "export", "csv")
    assert tom.exit_code == 0, tom.output
    assert tom.stdout == "week,connector,contact,role,form\n"  # Tom has no connectors yet
    maya = invoke(team, "export", "csv", "--salesperson", "maya-okafor")
    assert "priya-raman,dana-ruiz" in maya.stdout  # the flag beats the environment


def test_export_refuses_a_salesperson_with_a_broken_file(repo: Path) -> None:
    (repo / "docs/customers/priya-raman.md").write_text("---\nname: Priya Raman\nrelationship: nine\n---\n", encoding="utf-8")
    result = invoke(repo, "export", "ics")
    assert_clean_failure(result)
    assert result.stdout == ""
    assert result.stderr.startswith("docs/customers/priya-raman.md:3: relationship: ")


# -- new ---------------------------------------------------------------------------


def test_new_contact_passes_check_as_written(repo: Path) -> None:
    result = invoke(repo, "new", "contact", "Zoë Test")
    assert result.exit_code == 0, result.output
    written = repo / "docs/contacts/zoe-test.md"
    assert result.stdout.strip().endswith("docs/contacts/zoe-test.md")
    text = written.read_text(encoding="utf-8")
    assert 'name: "Zoë Test"' in text
    checked = invoke(repo, "check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == ""  # nobody knows her yet, so no ask needs her why


@pytest.mark.parametrize(("name", "profile_id"), [("张伟", "zhang-wei"), ("Zoë Test", "zoe-test"), ("  Jean-Luc  O'Brien ", "jean-luc-o-brien")])
def test_new_ids_are_ascii_slugs_of_the_name(repo: Path, name: str, profile_id: str) -> None:
    result = invoke(repo, "new", "customer", name)
    assert result.exit_code == 0, result.output
    assert (repo / f"docs/customers/{profile_id}.md").is_file()
    assert invoke(repo, "check").exit_code == 0


def test_new_never_overwrites(repo: Path) -> None:
    before = (repo / "docs/customers/priya-raman.md").read_bytes()
    result = invoke(repo, "new", "customer", "Priya Raman")
    assert_clean_failure(result)
    assert result.stderr == "docs/customers/priya-raman.md: already exists; nothing was written (choose another id with --id)\n"
    assert (repo / "docs/customers/priya-raman.md").read_bytes() == before
    again = invoke(repo, "new", "customer", "Priya Raman", "--id", "priya-raman-2")
    assert again.exit_code == 0, again.output
    assert "Priya Raman" in (repo / "docs/customers/priya-raman-2.md").read_text(encoding="utf-8")


def test_new_with_several_salespeople_needs_an_owner(team: Path) -> None:
    result = invoke(team, "new", "customer", "Greta Hansen")
    assert_clean_failure(result)
    assert result.stderr == (
        "docs/customers/greta-hansen.md: there are several salespeople (maya-okafor, tom-becker): say whose customer it is with --owner ID\n"
    )
    assert not (team / "docs/customers/greta-hansen.md").exists()
    unknown = invoke(team, "new", "customer", "Greta Hansen", "--owner", "nobody")
    assert_clean_failure(unknown)
    assert "no salesperson 'nobody'; salespeople are: maya-okafor, tom-becker" in unknown.stderr
    written = invoke(team, "new", "customer", "Greta Hansen", "--owner", "tom-becker")
    assert written.exit_code == 0, written.output
    assert "\nowner: tom-becker " in (team / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert invoke(team, "check").exit_code == 0


def test_new_salesperson_then_its_playbook_builds(playbook_repo, build_site) -> None:
    root = playbook_repo({"docs/index.md": "# Playbook\n"}, salesperson=False)
    result = invoke(root, "new", "salesperson", "Zoë Test")
    assert result.exit_code == 0, result.output
    assert invoke(root, "check").exit_code == 0
    contact = invoke(root, "new", "contact", "Dana Ruiz")
    assert contact.exit_code == 0, contact.output
    site = build_site(root)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Zoë Test" in home
    assert (site / "contacts/dana-ruiz/index.html").is_file()


def test_new_refuses_bad_ids_and_owner_on_a_salesperson(repo: Path) -> None:
    bad_id = invoke(repo, "new", "contact", "Dana", "--id", "Dana_Ruiz")
    assert_clean_failure(bad_id)
    assert "'Dana_Ruiz' is not a valid id" in bad_id.stderr
    no_id = invoke(repo, "new", "contact", "!!!")
    assert_clean_failure(no_id)
    assert "cannot make an id from '!!!'; give one with --id" in no_id.stderr
    owner = invoke(repo, "new", "salesperson", "Tom Becker", "--owner", "maya-okafor")
    assert_clean_failure(owner)
    assert "--owner is for customers and contacts" in owner.stderr
    assert invoke(repo, "new", "partner", "X").exit_code == 2  # not a kind: click's usage error
