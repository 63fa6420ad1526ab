"""How this playbook-gen was installed, and the requirement a CI runner installs the same one by (SPEC §6, ``init``).

pip records where a distribution came from in ``direct_url.json`` (PEP 610) when
it was installed from a URL, a folder or a file; an install from a package index
leaves none. So:

* no ``direct_url.json``: a release from the index, ``playbook-gen==X.Y.Z``;
* a VCS URL with a commit: ``playbook-gen @ git+URL@COMMIT``;
* an archive at a remote URL: ``playbook-gen @ URL#sha256=…`` (pip checks the hash);
* a local folder or file (editable or not), and a ``file://`` repository: nothing a
  CI runner can reach, so no requirement at all, and one line saying so.

This module reads only the standard library, so it can be asked on an install
that carries no dependencies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from urllib.parse import urlsplit

DISTRIBUTION = "playbook-gen"
PLACEHOLDER = "playbook-gen @ git+https://HOST/OWNER/playbook-gen@COMMIT"
"""What the workflow's commented placeholder shows: a requirement CI can reach, to be filled in."""


@dataclass(frozen=True)
class Pin:
    """The requirement CI installs (``None``: this install is out of CI's reach) and a line that says where it came from."""

    requirement: str | None
    source: str  # "index", "vcs", "url" or "local"
    note: str


def installed_pin() -> Pin:
    """The pin of the playbook-gen that runs this code."""
    try:
        found = distribution(DISTRIBUTION)
    except PackageNotFoundError:
        return _local("a source tree that was never installed")
    return pin_for(found.version, found.read_text("direct_url.json"))


def pin_for(version: str, direct_url: str | None) -> Pin:
    """The pin for an install of ``version`` whose ``direct_url.json`` holds ``direct_url`` (``None``: there is none)."""
    if direct_url is None:
        return Pin(f"{DISTRIBUTION}=={version}", "index", f"CI installs playbook-gen=={version} from the package index, the release that ran init")
    try:
        record = json.loads(direct_url)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return _local("an install whose record (direct_url.json) cannot be read")
    if urlsplit(url).scheme in ("", "file"):
        return _local("a local folder or file")
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        requirement = f"{DISTRIBUTION} @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
        return Pin(requirement, "vcs", f"CI installs {requirement}, the commit that ran init")
    archive = record.get("archive_info")
    if isinstance(archive, dict):
        digest = _sha256(archive)
        requirement = f"{DISTRIBUTION} @ {url}" + (f"#sha256={digest}" if digest else "")
        return Pin(requirement, "url", f"CI installs {requirement}, the file that ran init")
    return _local("an install of a kind CI cannot repeat")


def _sha256(archive: dict[str, object]) -> str | None:
    hashes = archive.get("hashes")
    if isinstance(hashes, dict) and isinstance(hashes.get("sha256"), str):
        return str(hashes["sha256"])
    legacy = archive.get("hash")  # PEP 610's older single "hash": "sha256=<hex>"
    if isinstance(legacy, str) and legacy.startswith("sha256="):
        return legacy.removeprefix("sha256=")
    return None


def _local(what: str) -> Pin:
    return Pin(
        None,
        "local",
        f"playbook-gen was installed from {what}, which CI cannot reach: set PLAYBOOK_GEN in "
        f".github/workflows/playbooks.yml (and record.yml) to a release (playbook-gen==X.Y.Z) or a Git URL at a commit ({PLACEHOLDER})",
    )


__all__ = ["PLACEHOLDER", "Pin", "installed_pin", "pin_for"]
