"""``playbook-gen init``: a new playbook repository that builds at once.

It writes ``mkdocs.yml`` (Material, ``search`` + ``playbook``), the ``docs/``
folders of SPEC §2, the salesperson's profile, a short ``docs/index.md``, a
``.gitignore``, the CI workflow (with this release of playbook-gen pinned), its Dependabot config and
a README for the team. It never overwrites a file, and refuses a folder that
already holds a playbook.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from .install import PLACEHOLDER, Pin, installed_pin
from .kinds import PROFILE_FOLDERS
from .newprofile import write_profile
from .problems import PlaybookError, Problem, display_path

WORKFLOW = ".github/workflows/playbooks.yml"
DEPENDABOT = ".github/dependabot.yml"

MKDOCS_YML = """\
site_name: {site_name}
theme:
  name: material
plugins:
  - search
  - playbook
"""

INDEX_MD = """\
# {name}'s referral playbook

One connector, one introduction, one person. Each week, ask about two
customers for **one** introduction each, to **one** named person; in the first
conversation, do not sell: ask about the job they are trying to get done.
"""

GITIGNORE = """\
# Built playbooks: made by playbook-gen build, never committed.
site/
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
    """Write a new playbook repository into ``root`` (made if missing); nothing is overwritten.

    ``pin``: the playbook-gen the workflow installs; by default the one running this code.
    """
    pin = pin or installed_pin()
    root = root.absolute()
    where = display_path(root)
    for marker in ("mkdocs.yml", "docs/salespeople"):
        if (root / marker).exists():
            raise PlaybookError([Problem(f"{where}/{marker}", None, "already exists: this folder holds a playbook; nothing was written")])
    if root.exists() and not root.is_dir():
        raise PlaybookError([Problem(where, None, "exists and is not a folder; nothing was written")])
    name = salesperson.strip()
    if not name:
        raise PlaybookError([Problem(where, None, "--salesperson: give the salesperson's full name")])
    company_name = (company or "").strip() or None
    site_name = f"{company_name} referral playbooks" if company_name else f"{name}'s referral playbook"
    written: list[Path] = []
    kept: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = root / relative
        if path.exists():
            kept.append(path)  # never overwritten: a new repository's own README or .gitignore stays
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as new_file:
            new_file.write(text)
        written.append(path)

    root.mkdir(parents=True, exist_ok=True)
    write("mkdocs.yml", MKDOCS_YML.format(site_name=_yaml_text(site_name)))
    for folder in PROFILE_FOLDERS:
        (root / "docs" / folder).mkdir(parents=True, exist_ok=True)
        write(f"docs/{folder}/.gitkeep", "")  # empty folders are not kept by git
    profile = write_profile(root / "docs", kind="salesperson", name=name, owner=None, profile_id=None, salespeople=[])
    if company_name:
        text = profile.read_text(encoding="utf-8")
        profile.write_text(text.replace("\n# company:\n", f"\ncompany: {_yaml_text(company_name)}\n", 1), encoding="utf-8")
    written.append(profile)
    write("docs/index.md", INDEX_MD.format(name=name))
    write(".gitignore", GITIGNORE)
    write("README.md", README.format(site_name=site_name, company=company_name or name, install=_install_line(pin), workflow=WORKFLOW))
    write(WORKFLOW, pinned_workflow(pin))
    write(DEPENDABOT, packaged_file(DEPENDABOT).read_text(encoding="utf-8"))  # keeps the workflow's pinned actions current
    return Started(root, profile, written, kept, pin)


EMPTY_PIN = '  PLAYBOOK_GEN: ""\n'
COMMENTED_PIN = f'  # PLAYBOOK_GEN: "{PLACEHOLDER}"\n'


def pinned_workflow(pin: Pin) -> str:
    """The CI workflow this package ships, installing ``pin``; out of CI's reach, an empty pin that fails with one line until set."""
    text = packaged_file(WORKFLOW).read_text(encoding="utf-8")
    if EMPTY_PIN not in text or COMMENTED_PIN not in text:
        raise PlaybookError([Problem(str(packaged_file(WORKFLOW)), None, "the packaged workflow has no PLAYBOOK_GEN line to pin; reinstall playbook-gen")])
    if pin.requirement is None:
        reason = "  # playbook-gen init ran from a local folder or file, which CI cannot reach: set PLAYBOOK_GEN.\n"
        return text.replace(COMMENTED_PIN, reason + COMMENTED_PIN, 1)
    return text.replace(COMMENTED_PIN, "", 1).replace(EMPTY_PIN, f"  PLAYBOOK_GEN: {json.dumps(pin.requirement)}\n", 1)


def _install_line(pin: Pin) -> str:
    if pin.requirement is None:
        return "# install playbook-gen, then set PLAYBOOK_GEN in " + WORKFLOW + " to what CI should install"
    return f"python3 -m pip install {shlex.quote(pin.requirement)}"


def packaged_file(relative: str) -> Path:
    """A file of ``.github/`` shipped in the wheel (``playbook_gen/workflow/``), or the source tree's own."""
    here = Path(__file__).resolve().parent
    installed = here / "workflow" / Path(relative).name
    return installed if installed.is_file() else here.parent / relative


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar that reads back the same (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


__all__ = ["init_repository", "pinned_workflow"]
