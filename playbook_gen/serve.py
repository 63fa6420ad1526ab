"""``playbook-gen serve``: ``mkdocs serve`` for one salesperson."""

from __future__ import annotations

import os

from mkdocs.commands.serve import serve as mkdocs_serve

from .options import SALESPERSON_ENV
from .project import Project


def serve(project: Project, *, salesperson: str, dev_addr: str | None) -> None:
    """``mkdocs serve`` for one salesperson, until interrupted.

    This process serves one salesperson only: ``PLAYBOOK_SALESPERSON`` names
    them for every rebuild. "Today" is left to the plugin, so a server running
    past midnight moves on to the next day.
    """
    project.require_plugin()
    # Through the environment, which every rebuild reads again (an override of the plugins
    # setting would be consumed by the first build, and the first edit would break serve).
    os.environ[SALESPERSON_ENV] = salesperson
    mkdocs_serve(config_file=str(project.config_file), dev_addr=dev_addr)
