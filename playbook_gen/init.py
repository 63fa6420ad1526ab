"""``playbook-gen init``: a new playbook repository that builds at once.

It writes ``mkdocs.yml`` (Material, ``search`` + ``playbook``), the ``docs/``
folders of SPEC §2, the salesperson's profile, a short ``docs/index.md``, a
``.gitignore``, the CI workflow (with this release of playbook-gen pinned), its Dependabot config,
the issue form and workflow that record from a hosted playbook's page (SPEC §12, pinned the same
way) and a README for the team. It never overwrites a file, refuses a folder that
already holds a playbook, and writes every file or none (SPEC §6).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from .commands import ISSUE_FORM, RECORD_LABEL
from .ids import id_from_name, is_valid_id
from .install import PLACEHOLDER, Pin, installed_pin
from .kinds import PROFILE_FOLDERS, reserved_reason
from .newprofile import profile_file
from .problems import PlaybookError, Problem, display_path

WORKFLOW = ".github/workflows/playbooks.yml"
DEPENDABOT = ".github/dependabot.yml"
RECORD_WORKFLOW = ".github/workflows/record.yml"
"""Applies the issue a record button opens on a hosted playbook (SPEC §12)."""
RECORD_FORM = f".github/ISSUE_TEMPLATE/{ISSUE_FORM}"
"""The issue form those buttons open, prefilled with one command."""

MKDOCS_YML = """\
site_name: {site_name}
theme:
  name: material
plugins:
  - search
  - playbook
"""

INDEX_MD = """\
# Your referral playbook

This site is your referral playbook: who you know, who you would like to meet,
and — each week — exactly whom to ask, for whom, and in what words. Everything
here is generated from the short profiles in this repository, so it is only
ever as good as the notes you keep in them.

The method fits in one sentence: **ask one connector for one introduction to
one person.** Not "anyone you think could use us", not two names in one email
— one named person, or one of the connector's own people ("your accountant").
Do that about twice a week, every week, and the introductions add up.

An introduction is not a sale. What you are asking for is a relaxed first
conversation with someone who does not know you yet, where you listen far more
than you talk. If selling ever happens, it happens much later, and only when
they ask for it.

**Where to start**

1. Look at **this week's asks** at the top of this page and make them — the
   customer page of each connector has the words ready for a call, an email and
   a short message.
2. Glance at the **attention list**: asks waiting for an answer, thank-yous you
   owe, connectors to keep in touch with, and people you have no way to reach yet.
3. If you are new here, read [The referral method](method/index.md), then
   [The first conversation](method/first-conversation.md) and
   [A week with the playbook](method/a-week-with-the-playbook.md).
4. When something changes — an answer, a meeting, a new name — write it down.
   [Editing your profiles](method/editing-profiles.md) shows how.
"""

GITIGNORE = """\
# Built playbooks: made by playbook-gen build, never committed.
site/
# playbook-gen's lock, and an edit's journal while a command writes (the folder also ignores itself).
.playbook-gen/
"""

README = """\
# {site_name}

The referral playbooks of {company}, built with playbook-gen on MkDocs and Material.

```bash
{install}
playbook-gen check                      # every profile
playbook-gen serve                      # browse your playbook at http://127.0.0.1:8000/
playbook-gen build --all --team         # site/<id>/ for everyone, site/team/ for the manager
```

Add the people you know:

```bash
playbook-gen new customer "Greta Hansen"     # a customer: a connector
playbook-gen new contact "Dana Ruiz"         # someone you would like to meet
playbook-gen import linkedin Connections.csv --as contacts
```

After each ask, record what happened (the site shows the exact command):
`playbook-gen record ask greta-hansen --contact dana-ruiz`.

Profiles live in `docs/salespeople/`, `docs/customers/`, `docs/contacts/` and
`docs/questions/`. CI (`{workflow}`) checks every profile and builds every
playbook on each push. A playbook holds personal data: publish it only behind a
login, or encrypted (the plugin option `encrypt`).

On a hosted playbook whose `mkdocs.yml` has this repository's GitHub address as
`repo_url`, the record buttons open an issue holding the command, and
`{record_workflow}` applies it for anyone with write access to the repository.
Create the label `{label}` once (Issues, Labels) so the issues carry it.
"""


@dataclass(frozen=True)
class Started:
    """What ``init`` wrote."""

    root: Path
    salesperson: Path
    files: list[Path]
    kept: list[Path]  # files that were there already, left as they were
    pin: Pin  # what the workflow installs, and the line that says so


def init_repository(root: Path, *, salesperson: str, company: str | None = None, pin: Pin | None = None) -> Started:
    """Write a new playbook repository into ``root`` (made if missing): every file or none, and nothing overwritten.

    The tree is built in a hidden folder beside ``root`` and moved in when it is whole, so a
    failure on the way (a name no id can be made from, a file in the way) leaves ``root`` as it
    was. ``pin``: the playbook-gen the workflow installs; by default the one running this code.
    """
    pin = pin or installed_pin()
    root = root.absolute()
    where = display_path(root)
    for marker in ("mkdocs.yml", "docs/salespeople"):
        if os.path.lexists(root / marker):
            raise PlaybookError([Problem(f"{where}/{marker}", None, "already exists: this folder holds a playbook; nothing was written")])
    if os.path.lexists(root) and not root.is_dir():
        raise PlaybookError([Problem(where, None, "exists and is not a folder; nothing was written")])
    name = salesperson.strip()
    if not name:
        raise PlaybookError([Problem(where, None, "--salesperson: give the salesperson's full name")])
    company_name = (company or "").strip() or None
    files, profile = _repository_files(root, name=name, company=company_name, pin=pin)
    kept = [root / relative for relative in files if os.path.lexists(root / relative)]  # never overwritten: a repository's own README stays
    wanted = {relative: text for relative, text in files.items() if root / relative not in kept}
    _refuse_links_on_the_way(root, wanted)
    _move_in(_built(root, wanted), root)
    return Started(root, root / profile, [root / relative for relative in wanted], kept, pin)


def _repository_files(root: Path, *, name: str, company: str | None, pin: Pin) -> tuple[dict[str, str], str]:
    """Every file ``init`` writes, by path relative to the repository, in the order it reports them; and the profile's path."""
    made = id_from_name(name)
    if not is_valid_id(made):
        raise PlaybookError(
            [
                Problem(
                    "--salesperson",
                    None,
                    f"cannot make an id from '{name}': give the name in letters (the id is the file name: zoe-test for Zoë Test); nothing was written",
                )
            ]
        )
    reserved = reserved_reason("salespeople", made)
    if reserved is not None:
        raise PlaybookError([Problem("--salesperson", None, f"{reserved}: give the full name; nothing was written")])
    new = profile_file(root / "docs", kind="salesperson", name=name, owner=None, profile_id=None, salespeople=[])
    profile = new.path.relative_to(root).as_posix()
    text = (new.after or b"").decode("utf-8")
    if company:
        text = text.replace("\n# company:\n", f"\ncompany: {_yaml_text(company)}\n", 1)
    # The site of every salesperson of the team: it names the company, never one of them.
    site_name = f"{company} referral playbooks" if company else "Referral playbooks"
    files = {"mkdocs.yml": MKDOCS_YML.format(site_name=_yaml_text(site_name))}
    files |= {f"docs/{folder}/.gitkeep": "" for folder in PROFILE_FOLDERS}  # empty folders are not kept by git
    files |= {
        profile: text,
        "docs/index.md": INDEX_MD,  # the same for every salesperson of the team: it names none of them
        ".gitignore": GITIGNORE,
        "README.md": README.format(
            site_name=site_name, company=company or name, install=_install_line(pin), workflow=WORKFLOW, record_workflow=RECORD_WORKFLOW, label=RECORD_LABEL
        ),
        WORKFLOW: pinned_workflow(pin),
        RECORD_WORKFLOW: pinned_workflow(pin, RECORD_WORKFLOW),  # installs the same playbook-gen as the playbooks' workflow
        RECORD_FORM: packaged_file(RECORD_FORM).read_text(encoding="utf-8"),
        DEPENDABOT: packaged_file(DEPENDABOT).read_text(encoding="utf-8"),  # keeps the workflows' pinned actions current
    }
    return files, profile


def _refuse_links_on_the_way(root: Path, files: dict[str, str]) -> None:
    """A symbolic link on the way to a file (``docs`` or ``.github`` linked elsewhere) would take the file there: refused."""
    for relative in files:
        parts = Path(relative).parts
        for depth in range(1, len(parts)):
            step = root.joinpath(*parts[:depth])
            if step.is_symlink():
                raise PlaybookError([Problem(display_path(step), None, "is a symbolic link; init writes nothing through one: nothing was written")])


def _built(root: Path, files: dict[str, str]) -> Path:
    """The new files in a hidden folder beside ``root`` (on the same file system, so moving them in is a rename)."""
    made: list[Path] = []
    for folder in [root.parent, *root.parent.parents]:
        if folder.exists():
            break
        made.append(folder)
    for folder in reversed(made):
        folder.mkdir()
    staging = root.parent / f".{root.name}.playbook-gen-init-{secrets.token_hex(4)}"
    try:
        staging.mkdir()  # the usual permissions, which the repository keeps when the folder becomes it
    except BaseException:
        _remove_folders(made)
        raise
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as new_file:
                new_file.write(text)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(made)
        raise
    return staging


def _move_in(staging: Path, root: Path) -> None:
    """Every file and folder of ``staging`` into ``root``: a new folder whole at once, one rename each; on a failure, none."""
    moved: list[Path] = []
    try:
        if not os.path.lexists(root):
            os.rename(staging, root)
            return
        _merge(staging, root, moved)
    except BaseException:
        for path in reversed(moved):  # only what this run made: nothing else is touched
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _merge(source: Path, target: Path, moved: list[Path]) -> None:
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if not os.path.lexists(destination):
            os.rename(entry, destination)
            moved.append(destination)
        elif entry.is_dir() and destination.is_dir() and not destination.is_symlink():
            _merge(entry, destination, moved)
        else:
            raise PlaybookError([Problem(display_path(destination), None, "appeared while init ran; nothing was written")])


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:  # the deepest first
        with contextlib.suppress(OSError):  # not empty: something else is in it now
            folder.rmdir()


EMPTY_PIN = '  PLAYBOOK_GEN: ""\n'
COMMENTED_PIN = f'  # PLAYBOOK_GEN: "{PLACEHOLDER}"\n'


def pinned_workflow(pin: Pin, relative: str = WORKFLOW) -> str:
    """A workflow this package ships (the playbooks', or ``relative``), installing ``pin``; out of CI's reach, an empty pin that fails with one line until set."""
    text = packaged_file(relative).read_text(encoding="utf-8")
    if EMPTY_PIN not in text or COMMENTED_PIN not in text:
        raise PlaybookError([Problem(str(packaged_file(relative)), None, "the packaged workflow has no PLAYBOOK_GEN line to pin; reinstall playbook-gen")])
    if pin.requirement is None:
        reason = "  # playbook-gen init ran from a local folder or file, which CI cannot reach: set PLAYBOOK_GEN.\n"
        return text.replace(COMMENTED_PIN, reason + COMMENTED_PIN, 1)
    return text.replace(COMMENTED_PIN, "", 1).replace(EMPTY_PIN, f"  PLAYBOOK_GEN: {json.dumps(pin.requirement)}\n", 1)


def _install_line(pin: Pin) -> str:
    if pin.requirement is None:
        return "# install playbook-gen, then set PLAYBOOK_GEN in " + WORKFLOW + " to what CI should install"
    return f"python3 -m pip install {shlex.quote(pin.requirement)}"


def packaged_file(relative: str) -> Path:
    """A file of ``.github/`` shipped in the wheel, or the source tree's own.

    The wheel holds ``.github/`` as ``playbook_gen/workflow/``, the workflows at its top
    (``workflow/playbooks.yml``, ``workflow/dependabot.yml``, ``workflow/ISSUE_TEMPLATE/record.yml``).
    """
    here = Path(__file__).resolve().parent
    inside = Path(relative).relative_to(".github").parts
    installed = here.joinpath("workflow", *(inside[1:] if inside[0] == "workflows" else inside))
    return installed if installed.is_file() else here.parent / relative


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar that reads back the same (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


__all__ = ["init_repository", "pinned_workflow"]
