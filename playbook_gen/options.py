"""The ``playbook`` plugin's options, defined once, and the environment variables that override two of them.

The plugin validates ``mkdocs.yml`` with :class:`PlaybookConfig`; the command
line reads the same object (:mod:`playbook_gen.project`), and a repository whose
``mkdocs.yml`` does not list the plugin gets its defaults (:func:`default_options`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c

from .problems import PlaybookError, Problem

PLUGIN_NAME = "playbook"
"""The plugin's name in ``mkdocs.yml``'s ``plugins`` (its ``mkdocs.plugins`` entry point)."""


class PlaybookConfig(base.Config):
    """The options of ``- playbook:`` in ``mkdocs.yml``, every one optional."""

    salesperson = c.Optional(c.Type(str))
    """Id of the salesperson whose playbook to build; ``PLAYBOOK_SALESPERSON`` overrides it."""
    today = c.Optional(c.Type((date, str)))
    """ISO date taken as "today" (the plan starts on its week's Monday); ``PLAYBOOK_TODAY`` overrides it.
    Written unquoted (``today: 2026-11-23``) YAML reads it as a date; quoted, as text: both work."""
    templates_dir = c.Type(str, default="templates")
    """Folder, relative to ``mkdocs.yml``, whose templates override the packaged ones file by file."""
    external_fonts = c.Type(bool, default=False)
    """Let Material load Google Fonts from another host (off: the playbook requests nothing outside)."""
    encrypt = c.Type(bool, default=False)
    """Publish every page and file with personal data as AES-256-GCM ciphertext behind an unlock page (SPEC §11).
    The passphrase comes from ``PLAYBOOK_PASSPHRASE_<ID>`` or ``PLAYBOOK_PASSPHRASE``, never from ``mkdocs.yml``."""
    team = c.Type(bool, default=False)
    """Build the sales manager's team site instead of one salesperson's playbook (``playbook-gen build --team`` sets it)."""
    record_from_page = c.Type(bool, default=True)
    """Buttons that record from the page (SPEC §12): under ``serve`` on this computer, and on a built site whose
    ``repo_url`` is on github.com or gitlab.com (they open a prefilled issue the repository's workflow applies).
    ``false``: no button anywhere, as for a repository without that workflow."""


def today_of(options: PlaybookConfig, *, where: str = "mkdocs.yml") -> date:
    """ "Today": ``PLAYBOOK_TODAY``, else the ``today`` option, else the real date."""
    option = options.today
    return resolve_today(option if isinstance(option, (str, date)) else None, where=where)


def default_options() -> PlaybookConfig:
    """The options of a repository whose ``mkdocs.yml`` does not list the plugin: every default."""
    options = PlaybookConfig()
    options.load_dict({})
    errors, _ = options.validate()
    assert not errors, errors  # the defaults are valid by construction
    return options


SALESPERSON_ENV = "PLAYBOOK_SALESPERSON"
TODAY_ENV = "PLAYBOOK_TODAY"


def resolve_salesperson(option: str | None, *, environ: Mapping[str, str] = os.environ) -> str | None:
    """``PLAYBOOK_SALESPERSON`` beats the ``salesperson`` option; empty means not chosen."""
    return environ.get(SALESPERSON_ENV) or option or None


def resolve_today(option: str | date | None, *, environ: Mapping[str, str] = os.environ, where: str = "mkdocs.yml") -> date:
    """``PLAYBOOK_TODAY`` beats the ``today`` option; neither means the real date."""
    if environ.get(TODAY_ENV):
        return _iso_date(environ[TODAY_ENV], source=f"environment variable {TODAY_ENV}")
    if isinstance(option, date):
        return option
    if option:
        return _iso_date(option, source=f"{where}: plugin option 'today'")
    return date.today()


def _iso_date(text: str, *, source: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlaybookError([Problem(source, None, f"'{text}' is not an ISO date (YYYY-MM-DD)")]) from None
